//! Opening connections for the hyper client: TCP (no Nagle), rustls for
//! https, and proxies from the environment: plain-http requests go to the
//! proxy in absolute form, https ones through a `CONNECT` tunnel.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_rustls::{ConfigBuilderExt, HttpsConnector, MaybeHttpsStream};
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Stream = MaybeHttpsStream<TokioIo<TcpStream>>;

/// The TLS settings, built on the first https connection: reading the
/// system's root certificates costs more than a whole local exchange, and
/// plain-http clients (local emulator, container credentials) never need it.
type LazyTls = Arc<OnceLock<Result<Arc<rustls::ClientConfig>, String>>>;

#[derive(Clone)]
pub(crate) struct Connector {
    http: HttpConnector,
    tls: LazyTls,
    proxies: Option<Arc<Matcher>>,
    /// Bounds TCP, tunnel and TLS handshake together, as "connect" means
    /// to users.
    timeout: Option<Duration>,
}

impl Connector {
    pub(crate) fn new(timeout: Option<Duration>, proxies: Option<Arc<Matcher>>) -> Self {
        let mut http = HttpConnector::new();
        // The scheme is this connector's business, not the TCP layer's.
        http.enforce_http(false);
        http.set_nodelay(true);
        Self {
            http,
            tls: Arc::default(),
            proxies,
            timeout,
        }
    }

    fn tls(&self) -> Result<Arc<rustls::ClientConfig>, BoxError> {
        self.tls
            .get_or_init(|| {
                let provider = Arc::new(rustls::crypto::ring::default_provider());
                let config = rustls::ClientConfig::builder_with_provider(provider)
                    .with_safe_default_protocol_versions()
                    .map_err(|e| e.to_string())?
                    .with_native_roots()
                    .map_err(|e| format!("cannot load the system's root certificates: {e}"))?
                    .with_no_client_auth();
                Ok(Arc::new(config))
            })
            .clone()
            .map_err(Into::into)
    }

    async fn connect(mut self, dst: http::Uri) -> Result<Conn, BoxError> {
        use tower_service::Service as _;
        let https = dst.scheme() == Some(&http::uri::Scheme::HTTPS);
        let proxy = self.proxies.as_ref().and_then(|m| m.intercept(&dst));
        // Only plain-http proxies are spoken to: TLS to the proxy itself or
        // SOCKS would otherwise go out as garbled plain text.
        if let Some(scheme) = proxy.as_ref().and_then(|p| p.uri().scheme_str()) {
            if scheme != "http" {
                return Err(format!(
                    "proxy scheme `{scheme}` is not supported (proxies from the environment \
                     must be http:// URLs)"
                )
                .into());
            }
        }
        match (proxy, https) {
            (None, false) => Ok(Conn::plain(self.http.call(dst).await?, false)),
            (None, true) => {
                let config = self.tls()?;
                let mut tls = HttpsConnector::from((self.http, config));
                Ok(Conn::new(tls.call(dst).await?, false))
            }
            // The client sends the request in absolute form because the
            // connection says it is proxied.
            (Some(proxy), false) => Ok(Conn::plain(
                self.http.call(proxy.uri().clone()).await?,
                true,
            )),
            (Some(proxy), true) => {
                let mut tunnel = Tunnel::new(proxy.uri().clone(), self.http.clone());
                if let Some(auth) = proxy.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                let config = self.tls()?;
                let mut tls = HttpsConnector::from((tunnel, config));
                Ok(Conn::new(tls.call(dst).await?, false))
            }
        }
    }
}

impl tower_service::Service<http::Uri> for Connector {
    type Response = Conn;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Conn, BoxError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: http::Uri) -> Self::Future {
        let connecting = self.clone().connect(dst);
        let timeout = self.timeout;
        Box::pin(async move {
            match timeout {
                None => connecting.await,
                Some(t) => tokio::time::timeout(t, connecting).await.map_err(|_| {
                    Box::new(io::Error::new(io::ErrorKind::TimedOut, "connect timeout")) as BoxError
                })?,
            }
        })
    }
}

/// A connection, marked when it goes to a plain-http proxy.
pub(crate) struct Conn {
    io: Stream,
    proxied: bool,
}

impl Conn {
    fn new(io: Stream, proxied: bool) -> Self {
        Self { io, proxied }
    }

    fn plain(io: TokioIo<TcpStream>, proxied: bool) -> Self {
        Self::new(MaybeHttpsStream::Http(io), proxied)
    }
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        self.io.connected().proxy(self.proxied)
    }
}

impl Read for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl Write for Conn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }
}
