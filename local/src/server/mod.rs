//! The HTTP server: hyper 1 over tokio, one task per connection, graceful
//! shutdown.

mod auth;
mod body;
mod fault;
mod http;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

pub use auth::{Credential, DEFAULT_ACCOUNT};
pub use fault::Fault;

use crate::store::{Durability, Store};

/// How to run the emulator. Start from [`Options::in_memory`] or
/// [`Options::persistent`] and adjust with the setters.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    pub host: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// `None` keeps everything in memory (and a private temp directory).
    pub data_dir: Option<PathBuf>,
    pub durability: Durability,
    /// Accepted keys; the default is `test`/`test` for account `000000000000`.
    pub credentials: Vec<Credential>,
    /// `false` accepts every request unsigned, as the first credential's account.
    pub auth: bool,
    /// Region used in ARNs and endpoints when a request names none.
    pub region: String,
    /// `(rate, fault)`; off by default.
    pub fault: Option<(f64, Fault)>,
    pub max_body_bytes: u64,
    pub max_asset_bytes: u64,
}

impl Options {
    /// In-memory storage on 127.0.0.1 and an ephemeral port.
    pub fn in_memory() -> Self {
        Options {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            data_dir: None,
            durability: Durability::default(),
            credentials: vec![Credential::new("test", "test", DEFAULT_ACCOUNT)],
            auth: true,
            region: "us-east-1".to_owned(),
            fault: None,
            max_body_bytes: 10 * 1024 * 1024,
            max_asset_bytes: 5 * 1024 * 1024 * 1024,
        }
    }

    /// Durable storage in `dir` (created if missing).
    pub fn persistent(dir: impl Into<PathBuf>) -> Self {
        Options {
            data_dir: Some(dir.into()),
            ..Options::in_memory()
        }
    }

    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    pub fn host(mut self, host: IpAddr) -> Self {
        self.host = host;
        self
    }

    /// Adds an accepted key besides `test`/`test`.
    pub fn credential(mut self, c: Credential) -> Self {
        self.credentials.push(c);
        self
    }

    pub fn no_auth(mut self) -> Self {
        self.auth = false;
        self
    }

    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    pub fn durability(mut self, d: Durability) -> Self {
        self.durability = d;
        self
    }

    pub fn fault(mut self, rate: f64, fault: Fault) -> Self {
        self.fault = Some((rate, fault));
        self
    }
}

/// Namespace for [`Server::start`].
pub struct Server;

/// A started emulator. Dropping it stops the server (without waiting).
pub struct RunningServer {
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Server {
    /// Opens the storage, binds, and serves in the background.
    pub async fn start(options: Options) -> std::io::Result<RunningServer> {
        let dir = options.data_dir.clone();
        let durability = options.durability;
        let store = tokio::task::spawn_blocking(move || Store::open(dir.as_deref(), durability))
            .await
            .map_err(std::io::Error::other)?
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let state = Arc::new(http::State {
            store: Arc::new(store),
            auth: auth::Authenticator::new(&options.credentials, options.auth),
            region: options.region.clone(),
            faults: options.fault.map(|(rate, f)| fault::Faults::new(rate, f)),
            max_body: options.max_body_bytes,
            max_asset: options.max_asset_bytes,
        });
        let listener = TcpListener::bind((options.host, options.port)).await?;
        let addr = listener.local_addr()?;
        let (tx, rx) = watch::channel(false);
        let task = tokio::spawn(accept_loop(listener, state, rx));
        Ok(RunningServer {
            addr,
            shutdown: tx,
            task: Some(task),
        })
    }
}

async fn accept_loop(
    listener: TcpListener,
    state: Arc<http::State>,
    mut stop: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let state = state.clone();
                let stop = stop.clone();
                connections.spawn(connection(stream, state, stop));
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    while connections.join_next().await.is_some() {}
}

async fn connection(
    stream: tokio::net::TcpStream,
    state: Arc<http::State>,
    mut stop: watch::Receiver<bool>,
) {
    let service = service_fn(move |req| http::serve(state.clone(), req));
    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

impl RunningServer {
    /// `http://127.0.0.1:<port>`, for `--endpoint-url` and SDK configs.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, lets in-flight requests finish, and waits.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}
