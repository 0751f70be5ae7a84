//! Test support: an in-process emulator and a small signed HTTP/1.1 client
//! built on the runtime's protocol and SigV4 functions.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, SystemTime};

use codeartifact::service::SERVICE;
use codeartifact_local::{Options, RunningServer, Server};
use codeartifact_runtime::protocol;
use codeartifact_runtime::sigv4::{
    self, Payload, SignableRequest, SigningCredentials, SigningKeyCache, SigningParams,
    SigningSettings,
};
use serde_json::Value;

pub struct Emulator {
    pub rt: tokio::runtime::Runtime,
    pub server: Option<RunningServer>,
    pub addr: SocketAddr,
}

impl Emulator {
    pub fn start(options: Options) -> Emulator {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let server = rt.block_on(Server::start(options)).expect("server starts");
        let addr = server.local_addr();
        Emulator {
            rt,
            server: Some(server),
            addr,
        }
    }

    pub fn client(&self) -> Client {
        Client::new(self.addr)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(s) = self.server.take() {
            self.rt.block_on(s.shutdown());
        }
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    pub fn error_type(&self) -> &str {
        self.header("x-amzn-ErrorType").unwrap_or("")
    }
}

#[derive(Clone)]
pub struct Client {
    pub addr: SocketAddr,
    pub key: String,
    pub secret: String,
    /// Shifts the signing time (clock-skew tests).
    pub skew: i64,
}

static KEYS: SigningKeyCache = SigningKeyCache::new();

impl Client {
    pub fn new(addr: SocketAddr) -> Self {
        Client {
            addr,
            key: "test".into(),
            secret: "test".into(),
            skew: 0,
        }
    }

    /// Calls an operation by model name with an input document (and, for
    /// PublishPackageVersion, the asset bytes).
    pub fn call_with(&self, op: &str, input: Value, payload: Option<&[u8]>) -> Resp {
        let spec = SERVICE
            .operations
            .iter()
            .find(|o| o.name == op)
            .unwrap_or_else(|| panic!("no operation {op}"));
        let req = protocol::serialize_request(spec, &input).expect("request builds");
        let body: Vec<u8> = match (payload, &req.body) {
            (Some(p), _) => p.to_vec(),
            (None, Some(b)) => b.to_vec(),
            (None, None) => Vec::new(),
        };
        let mut headers: Vec<(String, String)> = req
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect();
        if payload.is_some()
            && !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            headers.push(("Content-Type".into(), "application/octet-stream".into()));
        }
        let target = req.path_and_query();
        self.send(req.method, &target, headers, &body, true)
    }

    pub fn call(&self, op: &str, input: Value) -> Resp {
        self.call_with(op, input, None)
    }

    /// A signed request for `op`, ready to write on a keep-alive connection.
    pub fn encode(&self, op: &str, input: &Value) -> Vec<u8> {
        let spec = SERVICE
            .operations
            .iter()
            .find(|o| o.name == op)
            .unwrap_or_else(|| panic!("no operation {op}"));
        let req = protocol::serialize_request(spec, input).expect("request builds");
        let body = req.body.as_ref().map(|b| b.to_vec()).unwrap_or_default();
        let mut headers: Vec<(String, String)> = req
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect();
        headers.push(("host".into(), self.addr.to_string()));
        let target = req.path_and_query();
        self.sign(req.method, &target, &mut headers, &body);
        let mut head = format!("{} {target} HTTP/1.1\r\n", req.method);
        for (n, v) in &headers {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
        let mut out = head.into_bytes();
        out.extend_from_slice(&body);
        out
    }

    /// Sends a request, signed when `sign` (path and query as given, encoded).
    pub fn send(
        &self,
        method: &str,
        target: &str,
        mut headers: Vec<(String, String)>,
        body: &[u8],
        sign: bool,
    ) -> Resp {
        if !headers.iter().any(|(n, _)| n == "host") {
            headers.push(("host".into(), self.addr.to_string()));
        }
        if sign {
            self.sign(method, target, &mut headers, body);
        }
        // A refused connection is status 0, as a dropped one is: the
        // durability test kills the server under its clients.
        let Ok(mut stream) = TcpStream::connect(self.addr) else {
            return Resp {
                status: 0,
                headers: vec![],
                body: vec![],
            };
        };
        stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
        let mut head = format!("{method} {target} HTTP/1.1\r\n");
        for (n, v) in &headers {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        head.push_str(&format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        ));
        let mut out = head.into_bytes();
        out.extend_from_slice(body);
        if stream.write_all(&out).is_err() {
            return Resp {
                status: 0,
                headers: vec![],
                body: vec![],
            };
        }
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        parse_response(&raw)
    }

    pub fn sign(
        &self,
        method: &str,
        target: &str,
        headers: &mut Vec<(String, String)>,
        body: &[u8],
    ) {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let query: Vec<(&str, &str)> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once('=').unwrap_or((p, "")))
            .collect();
        let header_refs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let request = SignableRequest {
            method,
            path,
            query: &query,
            headers: &header_refs,
            payload: Payload::Bytes(body),
        };
        let now = SystemTime::now();
        let time = if self.skew >= 0 {
            now + Duration::from_secs(self.skew as u64)
        } else {
            now - Duration::from_secs((-self.skew) as u64)
        };
        let params = SigningParams {
            credentials: SigningCredentials::new(&self.key, &self.secret, None),
            region: "us-east-1",
            service: "codeartifact",
            time,
            settings: SigningSettings::default(),
        };
        let output = sigv4::sign(&request, &params, &KEYS);
        let added: Vec<(String, String)> = output
            .headers()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect();
        headers.extend(added);
    }
}

/// Spawns the emulator binary with `args` and reads the endpoint it prints.
pub fn spawn_binary(args: &[&std::ffi::OsStr]) -> (std::process::Child, SocketAddr) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_codeartifact-local"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn emulator");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("endpoint line");
    let addr = line
        .trim()
        .trim_start_matches("http://")
        .parse()
        .expect("endpoint address");
    (child, addr)
}

/// Stops a spawned emulator with SIGTERM (so an in-memory one removes its
/// temporary blob directory) and waits for it.
pub fn terminate(mut child: std::process::Child) {
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
}

pub fn parse_response(raw: &[u8]) -> Resp {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Resp {
            status: 0,
            headers: vec![],
            body: raw.to_vec(),
        };
    };
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        })
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn pkg(extra: Value) -> Value {
    let mut base = serde_json::json!({ "domain": "d1", "repository": "r1", "format": "generic", "namespace": "ns", "package": "p" });
    if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    base
}

/// Creates `d1`/`r1` and publishes `versions` of `ns/p`.
pub fn seed(c: &Client, versions: &[&str]) {
    assert_eq!(
        c.call("CreateDomain", serde_json::json!({ "domain": "d1" }))
            .status,
        200
    );
    assert_eq!(
        c.call(
            "CreateRepository",
            serde_json::json!({ "domain": "d1", "repository": "r1" })
        )
        .status,
        200
    );
    for v in versions {
        publish(c, v, v.as_bytes());
    }
}

pub fn publish(c: &Client, version: &str, bytes: &[u8]) -> Resp {
    let input = pkg(
        serde_json::json!({ "packageVersion": version, "assetName": "a.bin", "assetSHA256": sha256_hex(bytes) }),
    );
    let r = c.call_with("PublishPackageVersion", input, Some(bytes));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r
}

/// A keep-alive HTTP/1.1 connection (benchmarks).
pub struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Conn {
    pub fn open(addr: SocketAddr) -> Conn {
        let writer = TcpStream::connect(addr).expect("connect");
        writer.set_nodelay(true).ok();
        let reader = BufReader::new(writer.try_clone().expect("clone socket"));
        Conn { reader, writer }
    }

    /// Writes one encoded request and reads its response (Content-Length bodies).
    pub fn round_trip(&mut self, request: &[u8]) -> Resp {
        self.writer.write_all(request).expect("write request");
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("status line");
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut headers = Vec::new();
        loop {
            line.clear();
            self.reader.read_line(&mut line).expect("header line");
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((n, v)) = l.split_once(':') {
                headers.push((n.trim().to_owned(), v.trim().to_owned()));
            }
        }
        let len = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = vec![0u8; len];
        self.reader.read_exact(&mut body).expect("body");
        Resp {
            status,
            headers,
            body,
        }
    }
}
