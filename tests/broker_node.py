"""A RabbitMQ node of a test's own, to restart or kill without disturbing the
shared broker at 127.0.0.1:5672 that other runners use at the same time.

    with rabbit_node() as node:          # pytest.skip when no rabbitmq-server here
        connect(node.uri)                # amqp://guest:guest@127.0.0.1:<port>/
        node.stop_app()                  # what an operator's restart does...
        node.start_app()                 # ...returns once AMQP answers again
        node.kill()                      # or a crash (SIGKILL), then
        node.start()                     # the same node, its durable data recovered
        node.ctl("list_queues")          # rabbitmqctl -n <its name>, with its cookie

Everything of the node lives in one temporary folder that belongs to the
`rabbitmq` user (the server runs as that user when we are root, as the Debian
package's does): its mnesia and log folders, pid file, a config file of its
own (/etc/rabbitmq/rabbitmq.conf pins the listener to 5672), an empty
enabled-plugins file, an empty rabbitmq-env.conf (the system's one sets
NODENAME) and an Erlang cookie of its own in its HOME. rabbitmqctl is run with
HOME at that folder, so it reads the node's cookie (Debian's /usr/sbin/rabbitmqctl
reads the shared node's cookie and cannot reach this node: use `node.ctl(...)`).
The shared node's cookie, config, data and epmd are never touched: the node
registers with the epmd already running (or starts one, which stays for everyone).
Its ports are picked below the kernel's ephemeral range, so no client's outgoing
connection takes its AMQP port while it is stopped.

The server is started without the Debian wrapper (/usr/sbin/rabbitmq-server
would `cd /var/lib/rabbitmq` and write the shared node's startup_log), in a
session of its own, so `stop()` can kill whatever is left of it by session id,
and with a parent-death signal: should the test process die without cleaning up
(even by SIGKILL), the node shuts down by itself.
"""

import contextlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time

SCRIPTS_DIRS = ["/usr/lib/rabbitmq/bin"]  # Debian's; else wherever `rabbitmq-server` resolves
READY_TIMEOUT = 60.0
CTL_TIMEOUT = 60.0
USER = "rabbitmq"


class NodeUnavailable(Exception):
    """No RabbitMQ node can be started on this machine at all (no rabbitmq-server)."""


class NodeError(RuntimeError):
    """The node did not do what was asked; the message ends with its log's tail."""


def scripts_dir():
    for folder in SCRIPTS_DIRS:
        if os.access(os.path.join(folder, "rabbitmq-server"), os.X_OK):
            return folder
    found = shutil.which("rabbitmq-server", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    if found:
        folder = os.path.dirname(os.path.realpath(found))
        if os.access(os.path.join(folder, "rabbitmqctl"), os.X_OK):
            return folder
    raise NodeUnavailable("no rabbitmq-server on this machine (apt-get install rabbitmq-server)")


def free_port():
    """A port nothing listens on, below the kernel's ephemeral range: a port from that
    range could be taken by some client's outgoing connection while the node is
    stopped (stop_app), and the node could then not listen on it again."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            ephemeral = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        ephemeral = 32768
    for _ in range(200):
        port = secrets.randbelow(ephemeral - 20000) + 20000
        if port in (25672, 35672) or 35672 <= port <= 35682:  # the shared node's, the CLI's
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise NodeError("no free port below the ephemeral range")


def amqp_answers(uri, timeout=2.0):
    """Whether a broker at `uri` accepts an AMQP connection (login included) now.
    (No sleep between kombu's attempts: its default sleeps 2 s before the retry.)"""
    from kombu import Connection

    try:
        with Connection(uri, connect_timeout=timeout) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, interval_max=0)
        return True
    except Exception:
        return False


def port_answers(port, timeout=1.0):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def _term_when_parent_dies():
    """In the server's script, before exec: SIGTERM when the test process dies (even
    by SIGKILL), which the script passes on to the node, which shuts down; so no node
    outlives its test run. (Linux; set after the switch to the rabbitmq user, which
    would clear it. It fires when the *thread* that started the node ends: start
    nodes from the main thread, or from eventlet's green threads.)"""
    if _prctl is not None:
        _prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG


try:  # looked up now: the child, already the rabbitmq user, may not read our paths
    import ctypes

    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (ImportError, OSError, AttributeError):
    _prctl = None


class RabbitNode:
    """One RabbitMQ node: its own name, ports, folder, config, plugins and cookie."""

    def __init__(self, name=None, port=None, dist_port=None, folder=None):
        self.scripts = scripts_dir()
        self.name = name or f"fault-{secrets.token_hex(4)}@localhost"
        self.port = port or free_port()
        self.dist_port = dist_port or free_port()
        # Under /tmp, not $TMPDIR or pytest's tmp_path: the rabbitmq user must reach it.
        self.folder = folder or tempfile.mkdtemp(
            prefix=f"rabbit-{self.name.split('@')[0]}-",
            dir="/tmp" if os.path.isdir("/tmp") else None,
        )
        self.process = None
        self._timings = {}
        self._prepare()

    # -- the node's folder --------------------------------------------------------------

    @property
    def uri(self):
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    @property
    def log_file(self):
        return os.path.join(self.folder, "log", f"{self.name}.log")

    @property
    def console_file(self):
        return os.path.join(self.folder, "log", "console.log")

    def _prepare(self):
        os.chmod(self.folder, 0o700)
        for sub in ("mnesia", "log"):
            os.makedirs(os.path.join(self.folder, sub), exist_ok=True)
        self._write(
            "rabbitmq.conf",
            f"listeners.tcp.local = 127.0.0.1:{self.port}\nloopback_users.guest = true\n",
        )
        self._write("enabled_plugins", "[].\n")
        self._write("rabbitmq-env.conf", "# this node's own: the system's sets NODENAME\n")
        self._write(".erlang.cookie", secrets.token_hex(20).upper(), mode=0o400)
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam(USER)
            except KeyError:
                shutil.rmtree(self.folder, ignore_errors=True)
                raise NodeUnavailable(f"no `{USER}` user to run rabbitmq-server as") from None
            for root, _dirs, files in os.walk(self.folder):
                for entry in [root] + [os.path.join(root, f) for f in files]:
                    os.chown(entry, account.pw_uid, account.pw_gid)

    def _write(self, name, text, mode=0o644):
        path = os.path.join(self.folder, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)

    def environment(self):
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("RABBITMQ_", "ERL_")) and k not in ("HOME", "NOTIFY_SOCKET")
        }
        env.update(
            {
                "HOME": self.folder,  # its .erlang.cookie
                "PATH": env.get("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin",
                "LANG": "C.UTF-8",
                "LC_ALL": "C.UTF-8",
                "RABBITMQ_CONF_ENV_FILE": self._path("rabbitmq-env.conf"),
                "RABBITMQ_NODENAME": self.name,
                "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
                "RABBITMQ_NODE_PORT": str(self.port),
                "RABBITMQ_DIST_PORT": str(self.dist_port),
                "RABBITMQ_MNESIA_BASE": self._path("mnesia"),
                "RABBITMQ_LOG_BASE": self._path("log"),
                "RABBITMQ_PID_FILE": self._path("rabbit.pid"),
                "RABBITMQ_CONFIG_FILE": self._path("rabbitmq.conf"),
                "RABBITMQ_ADVANCED_CONFIG_FILE": self._path("advanced.config"),
                "RABBITMQ_ENABLED_PLUGINS_FILE": self._path("enabled_plugins"),
                "RABBITMQ_PLUGINS_EXPAND_DIR": self._path("plugins-expand"),
                "ERL_EPMD_ADDRESS": "127.0.0.1",  # if it has to start epmd
                "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": (
                    "-kernel inet_dist_use_interface {127,0,0,1}"
                ),
            }
        )
        return env

    def _path(self, name):
        return os.path.join(self.folder, name)

    # -- life -------------------------------------------------------------------------

    def start(self, timeout=READY_TIMEOUT):
        """Start the node (again, after kill(): its data is kept); returns once AMQP
        answers as guest/guest on its port."""
        if self.running():
            raise NodeError(f"{self.name} is already running")
        started = time.monotonic()
        as_rabbitmq = {}
        if os.geteuid() == 0:
            as_rabbitmq = dict(user=USER, group=USER, extra_groups=[])
        with open(self.console_file, "ab") as console:
            self.process = subprocess.Popen(
                [os.path.join(self.scripts, "rabbitmq-server")],
                env=self.environment(),
                cwd=self.folder,
                stdin=subprocess.DEVNULL,
                stdout=console,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_term_when_parent_dies,
                **as_rabbitmq,
            )
        self._wait_for_amqp(timeout, "start")
        self._timings["start"] = time.monotonic() - started
        return self

    def running(self):
        return self.process is not None and self.process.poll() is None

    def stop_app(self):
        """`rabbitmqctl stop_app`: the broker stops, the Erlang node stays."""
        started = time.monotonic()
        self.ctl("stop_app")
        self._timings["stop_app"] = time.monotonic() - started

    def start_app(self, timeout=READY_TIMEOUT):
        """`rabbitmqctl start_app`; returns once AMQP answers again."""
        started = time.monotonic()
        self.ctl("start_app")
        self._wait_for_amqp(timeout, "start_app")
        self._timings["start_app"] = time.monotonic() - started

    def kill(self):
        """Every process of the node gets SIGKILL, as in a crash; its folder stays,
        so start() brings the same node back with its durable data."""
        self._kill_all(signal.SIGKILL)
        if self.process is not None:
            self.process.wait(timeout=10)

    def stop(self, timeout=15.0):
        """Shut the node down and remove its folder: SIGTERM (RabbitMQ shuts down
        cleanly on it, as on `rabbitmqctl shutdown`, without the CLI's second of
        start-up), then SIGKILL to anything of it left after `timeout` s."""
        started = time.monotonic()
        try:
            if self.running():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.process.pid, signal.SIGTERM)  # the script passes it on
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(timeout=timeout)
            self.kill()
            self._timings["stop"] = time.monotonic() - started
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def pids(self):
        """The ids of every process of this node still alive (its session's, and any
        other whose command line names its folder or node name)."""
        found = []
        sid = self.process.pid if self.process is not None else None
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == os.getpid():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            state, session = fields[0], int(fields[3])
            if state == "Z":
                continue
            if session == sid or self.folder in cmdline or self.name in cmdline:
                found.append(int(entry))
        return found

    def _kill_all(self, sig):
        for pid in self.pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        deadline = time.monotonic() + 10
        while self.pids() and time.monotonic() < deadline:
            time.sleep(0.05)

    # -- helpers ----------------------------------------------------------------------

    def ctl(self, *args, timeout=CTL_TIMEOUT):
        """`rabbitmqctl -n <node> <args>`, talking to the node with its own cookie."""
        command = [os.path.join(self.scripts, "rabbitmqctl"), "-n", self.name, *args]
        try:
            done = subprocess.run(
                command,
                env=self.environment(),
                cwd=self.folder,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise NodeError(
                f"`rabbitmqctl {' '.join(args)}` took more than {timeout} s{self.log_tail()}"
            ) from None
        if done.returncode:
            raise NodeError(
                f"`rabbitmqctl {' '.join(args)}` failed ({done.returncode}): "
                f"{done.stdout}{done.stderr}{self.log_tail()}"
            )
        return done.stdout

    def _wait_for_amqp(self, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise NodeError(
                    f"{self.name} exited ({self.process.returncode}) during {what}{self.log_tail()}"
                )
            if port_answers(self.port) and amqp_answers(self.uri, timeout=2.0):
                return
            time.sleep(0.05)
        raise NodeError(
            f"{self.name} did not answer AMQP on port {self.port} within "
            f"{timeout:.0f} s of {what}{self.log_tail()}"
        )

    def log_tail(self, lines=30):
        tail = []
        for path in (self.console_file, self.log_file):
            try:
                with open(path, errors="replace") as f:
                    tail.append(f"\n--- {path} ---\n" + "".join(f.readlines()[-lines:]))
            except OSError:
                pass
        return "".join(tail)

    @property
    def timings(self):
        """Seconds the last start(), stop_app(), start_app(), stop() took."""
        return dict(self._timings)


@contextlib.contextmanager
def rabbit_node(**kwargs):
    """A started RabbitNode, always stopped and removed afterwards; pytest.skip when
    no node can be started on this machine at all."""
    try:
        node = RabbitNode(**kwargs)
    except NodeUnavailable as exc:
        import pytest

        pytest.skip(str(exc))
    try:
        node.start()
        yield node
    finally:
        node.stop()
