//! Peak memory while streaming one large asset down and up.
//!
//! `asset-memory [--bytes N]` (default 1 GiB) starts a loopback server of
//! its own that serves `GetPackageVersionAsset` as N bytes and swallows a
//! `PublishPackageVersion` body, downloads the asset through the client
//! reading chunk by chunk, then publishes a sparse N-byte file, and prints
//! `asset_bytes=.. download_ok=.. download_s=.. maxrss_after_download_kb=..
//! upload_ok=.. upload_s=.. maxrss_after_upload_kb=..`. Flat memory means
//! both maxrss figures stay near the process's baseline whatever N is.

use std::time::Instant;

use codeartifact::types::PackageFormat;
use codeartifact::{ByteStream, Client, Config, Credentials};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const CHUNK: usize = 64 * 1024;

fn maxrss_kb() -> i64 {
    use nix::sys::resource::{UsageWho, getrusage};
    getrusage(UsageWho::RUSAGE_SELF).map_or(0, |u| u.max_rss())
}

/// Reads one request head; returns (request line, content length).
async fn read_head(stream: &mut TcpStream) -> std::io::Result<(String, u64)> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await? == 0 || head.len() > 64 * 1024 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        head.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let length = text
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    Ok((text.lines().next().unwrap_or("").to_owned(), length))
}

async fn serve(mut stream: TcpStream, asset_bytes: u64) -> std::io::Result<()> {
    // Bounded: the bench makes two calls.
    for _ in 0..4 {
        let (line, length) = read_head(&mut stream).await?;
        if line.contains("/v1/package/version/asset") {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {asset_bytes}\r\nx-assetname: big.bin\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            let zeros = vec![0u8; CHUNK];
            let mut left = asset_bytes;
            while left > 0 {
                let n = left.min(CHUNK as u64) as usize;
                stream.write_all(&zeros[..n]).await?;
                left -= n as u64;
            }
        } else {
            let mut left = length;
            let mut sink = vec![0u8; CHUNK];
            while left > 0 {
                let n = stream
                    .read(&mut sink[..left.min(CHUNK as u64) as usize])
                    .await?;
                if n == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                left -= n as u64;
            }
            let body = format!(
                r#"{{"format":"generic","namespace":"ns","package":"pkg","version":"1.0.0","versionRevision":"r1","status":"Published","asset":{{"name":"big.bin","size":{length},"hashes":{{}}}}}}"#
            );
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            );
            stream.write_all(format!("{head}{body}").as_bytes()).await?;
        }
    }
    Ok(())
}

async fn download(client: &Client) -> Result<u64, String> {
    let out = client
        .get_package_version_asset()
        .domain("d")
        .repository("r")
        .format(PackageFormat::Generic)
        .namespace("ns")
        .package("pkg")
        .package_version("1.0.0")
        .asset("big.bin")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let mut asset = out.asset;
    let mut total = 0u64;
    while let Some(chunk) = asset.next().await {
        total += chunk.map_err(|e| e.to_string())?.len() as u64;
    }
    Ok(total)
}

async fn upload(client: &Client, path: &std::path::Path) -> Result<(), String> {
    client
        .publish_package_version()
        .domain("d")
        .repository("r")
        .format(PackageFormat::Generic)
        .namespace("ns")
        .package("pkg")
        .package_version("1.0.0")
        .asset_name("big.bin")
        // Given, as callers of PublishPackageVersion do: nothing re-reads the file to hash it.
        .asset_sha256("0".repeat(64))
        .asset_content(ByteStream::from_path(path))
        .send()
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

async fn run(asset_bytes: u64) -> Result<(), String> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let url = format!(
        "http://{}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    tokio::spawn(async move {
        if let Ok((stream, _)) = listener.accept().await {
            let _ = serve(stream, asset_bytes).await;
        }
    });
    let config = Config::builder()
        .region("us-west-2")
        .credentials_provider(Credentials::from_keys(
            "AKIDASSETMEM",
            "asset-memory-secret",
            None,
        ))
        .endpoint_url(url)
        .build();
    let client = Client::new(config);

    let t = Instant::now();
    let got = download(&client).await;
    let download_s = t.elapsed().as_secs_f64();
    let after_download = maxrss_kb();

    let path = std::env::temp_dir().join(format!("asset-memory-{}.bin", std::process::id()));
    // A sparse file: the bench measures the client, not the disk.
    std::fs::File::create(&path)
        .and_then(|f| f.set_len(asset_bytes))
        .map_err(|e| e.to_string())?;
    let t = Instant::now();
    let sent = upload(&client, &path).await;
    let upload_s = t.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(&path);
    if let Err(e) = &got {
        eprintln!("download failed: {e}");
    }
    if let Err(e) = &sent {
        eprintln!("upload failed: {e}");
    }
    println!(
        "asset_bytes={asset_bytes} download_ok={} download_s={download_s:.3} maxrss_after_download_kb={after_download} \
         upload_ok={} upload_s={upload_s:.3} maxrss_after_upload_kb={}",
        u8::from(got.as_ref().is_ok_and(|n| *n == asset_bytes)),
        u8::from(sent.is_ok()),
        maxrss_kb(),
    );
    Ok(())
}

fn main() {
    let mut bytes: u64 = 1 << 30;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next().and_then(|v| v.parse().ok())) {
            ("--bytes", Some(n)) => bytes = n,
            _ => {
                eprintln!("usage: asset-memory [--bytes N]");
                std::process::exit(2);
            }
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let result = runtime
        .map_err(|e| e.to_string())
        .and_then(|rt| rt.block_on(run(bytes)));
    if let Err(e) = result {
        eprintln!("asset-memory: {e}");
        std::process::exit(1);
    }
}
