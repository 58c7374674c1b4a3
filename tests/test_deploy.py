"""The deployment files (deploy/) and the probe command their containers run.

Two kinds of test here:

* without tools: the manifests, the compose file and the image's entrypoint agree with
  the code (every service deployed and migrated, KEDA's queue patterns matching exactly
  the queues the services declare), and `microtache probe` tells a healthy service from
  a sick one;
* with the deploy tools (`make deploy-check` installs them in .venv/deploy-tools, and
  runs this file after deploy/check.py): deploy/check.py, fed a copy of deploy/ with
  one thing broken, fails and names it; fed the copy unbroken, it passes.
"""

import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml
from sqlalchemy import create_engine, text

from microtache.cli import holds_broker_connection, main, service_class
from microtache.events import dead_letter_queue, handler_queues, retry_queues

from tests.support import GATEWAY, SERVICES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEPLOY = os.path.join(ROOT, "deploy")
K8S = os.path.join(DEPLOY, "k8s")
TOOLS = os.environ.get("MICROTACHE_DEPLOY_TOOLS") or os.path.join(
    ROOT, ".venv", "deploy-tools", "bin"
)
CONFIG = {"AMQP_URI": "amqp://guest:guest@localhost:5672/", "EVENT_RETRY_DELAYS": [1, 10, 60]}

# No database involved: run with the SQLite suite only, not again by `make test-postgres`.
pytestmark = pytest.mark.skipif(
    os.environ.get("MICROTACHE_TEST_DATABASE") == "postgresql",
    reason="runs once, in the SQLite suite",
)


def documents(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]


def base_objects():
    objects = []
    with open(os.path.join(K8S, "base", "kustomization.yaml")) as f:
        for resource in yaml.safe_load(f)["resources"]:
            objects += documents(os.path.join(K8S, "base", resource))
    return objects


def named(objects, kind):
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


# -- the manifests agree with the code ---------------------------------------------------


def test_every_service_and_the_gateway_is_deployed_as_the_image_runs_it():
    deployments = named(base_objects(), "Deployment")
    assert set(deployments) == {*SERVICES, "gateway"}
    for name, deployment in deployments.items():
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert container["args"] == [name]
        env = {e["name"] for e in container.get("env", [])}
        assert "AMQP_URI" in env
        if name in SERVICES:
            assert f"{name.upper()}_DATABASE_URL" in env  # what config.yaml's DATABASES reads
        # probes ask the process itself on its metrics port: no new process, no new connection
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert ports["metrics"] == 9100
        assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "metrics"}
        if name in SERVICES:
            assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "metrics"}


def test_every_alert_has_its_runbook_in_the_operations_guide():
    rules = documents(os.path.join(K8S, "components", "monitoring", "prometheusrule.yaml"))[0]
    with open(os.path.join(ROOT, "docs", "operations.md")) as f:
        guide = f.read()
    alerts = [r["alert"] for g in rules["spec"]["groups"] for r in g["rules"] if "alert" in r]
    assert alerts
    for alert in alerts:
        assert f"#### {alert}" in guide, f"docs/operations.md has no runbook for {alert}"


def test_every_service_is_migrated_by_a_job_and_waits_for_it():
    objects = base_objects()
    jobs = named(objects, "Job")
    for name in SERVICES:
        job = jobs[f"migrate-{name}"]["spec"]["template"]["spec"]["containers"][0]
        assert job["args"] == ["microtache", "migrate", name]
        gate = named(objects, "Deployment")[name]["spec"]["template"]["spec"]["initContainers"][0]
        assert gate["args"][:4] == ["microtache", "probe", name, "--migrated"]
    assert jobs["declare-broker"]["spec"]["template"]["spec"]["containers"][0]["args"] == [
        "microtache",
        "declare",
    ]


def test_keda_scales_each_service_on_exactly_its_own_queues():
    scaled = named(
        documents(os.path.join(K8S, "components", "keda", "scaledobjects.yaml")), "ScaledObject"
    )
    assert set(scaled) == set(SERVICES)
    queues = {
        name: [q.name for q in handler_queues(CONFIG, service_class(path))]
        for name, path in SERVICES.items()
    }
    every_queue = [q for qs in queues.values() for q in qs]
    for name, scaled_object in scaled.items():
        triggers = {t["name"]: t["metadata"] for t in scaled_object["spec"]["triggers"]}
        assert triggers["rpc-backlog"]["queueName"] == f"rpc-{service_class(SERVICES[name]).name}"
        pattern = re.compile(triggers["event-backlog"]["queueName"])
        matched = {q for q in every_queue if pattern.search(q)}
        assert matched == set(queues[name]), name
        for queue in queues[name]:  # not the queues of events waiting for a retry, nor parked
            for side in [*retry_queues(queue, [1, 10, 60]), dead_letter_queue(queue)]:
                assert not pattern.search(side.name)


def test_compose_runs_every_service_with_its_probe():
    with open(os.path.join(DEPLOY, "docker-compose.yml")) as f:
        services = yaml.safe_load(f)["services"]
    for name in [*SERVICES, "gateway"]:
        assert services[name]["command"] == [name]
        assert services[name]["healthcheck"]["test"] == ["CMD", "microtache", "probe", name]
    environment = services["migrate"]["environment"]
    with open(os.path.join(DEPLOY, "compose", "postgres-init.sql")) as f:
        created = set(re.findall(r"^CREATE DATABASE (\w+);", f.read(), re.MULTILINE))
    for name in SERVICES:
        database = environment[f"{name.upper()}_DATABASE_URL"].rsplit("/", 1)[1]
        assert database == name
        assert database in created, f"postgres-init.sql makes no database {name}"


def test_the_inbox_sends_to_a_catcher_in_development_and_a_relay_from_a_secret():
    """SMTP_URL holds a relay's credentials: a Secret on Kubernetes (provided by each
    environment; the dev overlay's names Mailpit), Mailpit in compose."""
    deployment = named(base_objects(), "Deployment")["inbox"]
    env = {e["name"]: e for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["SMTP_URL"]["valueFrom"]["secretKeyRef"] == {
        "name": "microtache-smtp",
        "key": "smtp-url",
    }
    for name, deployment in named(base_objects(), "Deployment").items():
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        if name != "inbox":
            assert "SMTP_URL" not in {e["name"] for e in container.get("env", [])}, name
    with open(os.path.join(K8S, "overlays", "dev", "kustomization.yaml")) as f:
        generators = {g["name"]: g for g in yaml.safe_load(f)["secretGenerator"]}
    url = dict(item.split("=", 1) for item in generators["microtache-smtp"]["literals"])
    mailpit = named(documents(os.path.join(K8S, "overlays", "dev", "mailpit.yaml")), "Service")
    ports = {p["name"]: p["port"] for p in mailpit["mailpit"]["spec"]["ports"]}
    assert url["smtp-url"] == f"smtp://mailpit:{ports['smtp']}"
    assert ports["http"] == 8025  # the web UI docs/operations.md names

    with open(os.path.join(DEPLOY, "docker-compose.yml")) as f:
        services = yaml.safe_load(f)["services"]
    assert services["inbox"]["environment"]["SMTP_URL"] == "smtp://mailpit:1025"
    assert services["inbox"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }
    assert re.fullmatch(r"axllent/mailpit:v\d+\.\d+\.\d+", services["mailpit"]["image"])
    assert "127.0.0.1:8025:8025" in services["mailpit"]["ports"]


def test_the_live_stream_has_an_unbuffered_ingress_with_a_long_read_timeout():
    from gateway.openapi import routes

    live = [r.url for _, r in routes(service_class(GATEWAY)) if r.url == "/v1/me/events"]
    assert live, "the gateway has no live stream any more: drop its Ingress"
    ingresses = named(base_objects(), "Ingress")
    paths = {
        path["path"]: name
        for name, ingress in ingresses.items()
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    annotations = ingresses[paths["/v1/me/events"]]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/proxy-buffering"] == "off"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 300
    assert paths["/"] != paths["/v1/me/events"]  # the API keeps its own short timeout


def keeps_files(path):
    """Whether a Nameko class (`module:Class`) has the files kit as a dependency."""
    from microtache.files import Files

    return any(isinstance(value, Files) for value in vars(service_class(path)).values())


def test_files_live_in_object_storage_and_only_their_users_hold_its_credentials():
    objects = base_objects()
    assert not named(objects, "PersistentVolumeClaim")  # no shared volume any more (issue 17)
    with open(os.path.join(K8S, "base", "kustomization.yaml")) as f:
        generators = yaml.safe_load(f)["configMapGenerator"]
    literals = dict(
        literal.split("=", 1)
        for generator in generators
        if generator["name"] == "microtache-config"
        for literal in generator["literals"]
    )
    assert literals["STORAGE_URL"].startswith("s3://")
    assert {"S3_ENDPOINT_URL", "S3_REGION"} <= set(literals)
    assert "MICROTACHE_FILES_DIR" not in literals
    users = {name for name, path in {**SERVICES, "gateway": GATEWAY}.items() if keeps_files(path)}
    assert {"gateway", "orders", "requests", "reviews"} <= users
    for name, deployment in named(objects, "Deployment").items():
        spec = deployment["spec"]["template"]["spec"]
        assert not [v for v in spec.get("volumes", []) if "persistentVolumeClaim" in v], name
        env = {e["name"]: e for e in spec["containers"][0].get("env", [])}
        credentials = {
            key: env[key]["valueFrom"]["secretKeyRef"]
            for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
            if key in env
        }
        if name in users:
            assert credentials == {
                "AWS_ACCESS_KEY_ID": {"name": "microtache-storage", "key": "access-key-id"},
                "AWS_SECRET_ACCESS_KEY": {"name": "microtache-storage", "key": "secret-access-key"},
            }, name
        else:
            assert not credentials, f"{name} keeps no file: it needs no storage credentials"


def test_compose_keeps_files_in_minio_with_its_bucket_made_first():
    with open(os.path.join(DEPLOY, "docker-compose.yml")) as f:
        compose = yaml.safe_load(f)
    services = compose["services"]
    assert "files" not in compose["volumes"]
    assert services["minio"]["image"].split(":")[1].startswith("RELEASE.")
    assert services["minio-init"]["image"].split(":")[1].startswith("RELEASE.")
    assert "--ignore-existing" in services["minio-init"]["command"]
    assert services["migrate"]["depends_on"]["minio-init"] == {
        "condition": "service_completed_successfully"
    }
    environment = services["orders"]["environment"]
    bucket = environment["STORAGE_URL"].removeprefix("s3://")
    assert services["minio-init"]["command"][-1] == f"local/{bucket}"
    host = environment["S3_ENDPOINT_URL"].split("//")[1].split(":")[0]
    assert host in services["minio"]["networks"]["default"]["aliases"]
    for name in [*SERVICES, "gateway"]:
        assert not services[name].get("volumes"), name


def test_the_broker_refuses_big_messages_in_compose_and_on_kubernetes():
    with open(os.path.join(DEPLOY, "compose", "rabbitmq.conf")) as f:
        compose = dict(line.split(" = ", 1) for line in f.read().splitlines() if " = " in line)
    broker = named(documents(os.path.join(K8S, "base", "broker.yaml")), "RabbitmqCluster")
    config = broker["microtache-rabbitmq"]["spec"]["rabbitmq"]["additionalConfig"]
    kubernetes = dict(line.split(" = ", 1) for line in config.splitlines() if " = " in line)
    assert compose["max_message_size"] == kubernetes["max_message_size"] == str(16 * 1024**2)


def test_the_bucket_settings_are_what_an_s3_api_accepts(s3_bucket):
    """deploy/storage's files, put to a real S3 API (moto's server) as the aws CLI would."""
    import json

    from microtache.files.blobs import s3_client

    client = s3_client(s3_bucket["S3_ENDPOINT_URL"], s3_bucket["S3_REGION"])
    bucket = s3_bucket["STORAGE_URL"].removeprefix("s3://")

    def load(name):
        with open(os.path.join(DEPLOY, "storage", name)) as f:
            return json.load(f)

    client.put_public_access_block(
        Bucket=bucket, PublicAccessBlockConfiguration=load("public-access-block.json")
    )
    client.put_bucket_cors(Bucket=bucket, CORSConfiguration=load("cors.json"))
    client.put_bucket_lifecycle_configuration(
        Bucket=bucket, LifecycleConfiguration=load("lifecycle.json")
    )
    policy = json.dumps(load("bucket-policy.json")).replace("microtache-files", bucket)
    client.put_bucket_policy(Bucket=bucket, Policy=policy)
    rules = client.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    assert {r["ID"] for r in rules} == {r["ID"] for r in load("lifecycle.json")["Rules"]}
    cors = client.get_bucket_cors(Bucket=bucket)["CORSRules"]
    assert sorted(cors[0]["AllowedMethods"]) == ["GET", "HEAD", "PUT"]


def test_the_entrypoint_runs_a_service_by_name_and_anything_else_as_given():
    env = {
        **os.environ,
        "PATH": f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}",
        "MICROTACHE_CONFIG": os.path.join(ROOT, "config.yaml"),
    }
    entrypoint = os.path.join(DEPLOY, "docker-entrypoint.sh")
    as_given = subprocess.run(
        ["sh", entrypoint, "echo", "as", "given"], env=env, capture_output=True, text=True
    )
    assert as_given.stdout.strip() == "as given"
    for name in ("orders", "inbox", "gateway"):
        path = {**SERVICES, "gateway": GATEWAY}[name]
        serve = subprocess.run(
            ["sh", "-x", entrypoint, name, "--help"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert serve.returncode == 0, serve.stderr
        assert (
            f"exec python -m microtache.serve --config {env['MICROTACHE_CONFIG']} {path} --help"
            in serve.stderr
        )  # (sh -x traces the command it runs)
        assert "usage: nameko run" in serve.stdout


# -- microtache probe --------------------------------------------------------------------


def run_probe(*args):
    with pytest.raises(SystemExit) as exit_:
        main(["--config", os.path.join(ROOT, "config.yaml"), "probe", *args])
    return exit_.value.code


def test_probe_migrated_tells_an_old_schema_from_the_head(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ORDERS_DATABASE_URL", f"sqlite:///{tmp_path}/orders.db")
    assert run_probe("orders", "--migrated") == 1
    assert "run `microtache migrate orders`" in capsys.readouterr().out
    main(["--config", os.path.join(ROOT, "config.yaml"), "migrate", "orders"])
    assert run_probe("orders", "--migrated") == 0
    assert "orders schema: ok" in capsys.readouterr().out


def test_probe_migrated_lets_a_rolled_back_release_run_on_a_newer_schema(
    tmp_path, monkeypatch, capsys
):
    url = f"sqlite:///{tmp_path}/orders.db"
    monkeypatch.setenv("ORDERS_DATABASE_URL", url)
    main(["--config", os.path.join(ROOT, "config.yaml"), "migrate", "orders"])
    engine = create_engine(url)
    with engine.begin() as conn:  # as if a newer release had migrated it further
        conn.execute(text("UPDATE alembic_version SET version_num = 'from_a_newer_release'"))
    engine.dispose()
    assert run_probe("orders", "--migrated") == 0
    assert "newer than this release" in capsys.readouterr().out


def test_probe_live_needs_the_process_and_its_broker_connection():
    uri = "amqp://guest:guest@localhost:5672/"
    idle = subprocess.Popen(["sleep", "30"])
    try:
        assert "has no connection to the broker" in holds_broker_connection(idle.pid, uri)
    finally:
        idle.kill()
        idle.wait()
    assert "is not running" in holds_broker_connection(idle.pid, uri)


def test_probe_readiness_fails_without_a_broker(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AMQP_URI", "amqp://guest:guest@127.0.0.1:1/")  # nothing listens there
    monkeypatch.setenv("CATALOG_DATABASE_URL", f"sqlite:///{tmp_path}/catalog.db")
    assert run_probe("catalog", "--pid", str(os.getpid()), "--timeout", "1") == 1
    out = capsys.readouterr().out
    assert "catalog broker: no answer at the broker" in out
    assert "catalog database: ok" in out


# -- deploy/check.py fails on broken files -----------------------------------------------

needs_tools = pytest.mark.skipif(
    not os.path.exists(os.path.join(TOOLS, "checkov")),
    reason="the deploy tools are not installed: `make deploy-check` installs them and runs this",
)


def check(*args):
    result = subprocess.run(
        [os.path.join(TOOLS, "python"), os.path.join(DEPLOY, "check.py"), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def broken(tmp_path):
    """A copy of deploy/k8s; `broken(file, old, new)` changes one thing in it."""
    copy = tmp_path / "k8s"
    shutil.copytree(K8S, copy)

    def change(relative, old, new, count=1):
        path = copy / relative
        text = path.read_text()
        assert old in text, f"{old!r} is not in {relative}"
        path.write_text(text.replace(old, new, count))
        return str(copy)

    change.root = str(copy)
    return change


@needs_tools
def test_the_unbroken_copy_passes(broken):
    status, out = check("--k8s", broken.root, "--skip", "scan,lint")
    assert status == 0, out
    assert "0 problems" in out


BROKEN = {
    "a misspelt field": (
        "base/orders.yaml",
        "terminationGracePeriodSeconds: 60",
        "terminationGracePeriodSecond: 60",
        "[schema]",
        "terminationGracePeriodSecond",
    ),
    "a wrongly typed value": (
        "base/gateway.yaml",
        "containerPort: 8000",
        "containerPort: eight-thousand",
        "[schema]",
        "containerPort",
    ),
    "a missing file": (
        "base/kustomization.yaml",
        "  - gateway.yaml",
        "  - gateway.yaml\n  - billing.yaml",
        "[render]",
        "billing.yaml",
    ),
    "not YAML": ("base/reviews.yaml", "kind: Deployment", "kind: [Deployment", "[render]", ""),
    "a KEDA field of the HPA": (
        "components/keda/scaledobjects.yaml",
        "minReplicaCount: 2",
        "minReplicas: 2",
        "[schema]",
        "minReplicas",
    ),
    "a misspelt trigger setting": (
        "components/keda/scaledobjects.yaml",
        "queueName: rpc-catalog",
        "queuename: rpc-catalog",
        "[schema]",
        "queuename",
    ),
    "no readiness probe": (
        "base/payments.yaml",
        "          readinessProbe:\n",
        "          readinessProbeX:\n",
        "[policy]",
        "no readinessProbe",
    ),
    "a probe that spawns a process": (
        "base/orders.yaml",
        "          readinessProbe:\n            httpGet:\n              path: /readyz\n"
        "              port: metrics\n",
        "          readinessProbe:\n            exec:\n"
        "              command: [microtache, probe, orders]\n",
        "[policy]",
        "spawns `microtache probe orders`",
    ),
    "a liveness check for readiness": (
        "base/reviews.yaml",
        "path: /readyz",
        "path: /healthz",
        "[policy]",
        "readiness must check the broker and the database",
    ),
    "a probe of the API's port for readiness": (
        "base/gateway.yaml",
        "path: /readyz\n              port: metrics",
        "path: /readyz\n              port: http",
        "[policy]",
        "not /readyz on metrics",
    ),
    "METRICS_PORT not the port probed and scraped": (
        "base/kustomization.yaml",
        "METRICS_PORT=9100",
        "METRICS_PORT=9200",
        "[policy]",
        "the process listens elsewhere",
    ),
    "a misspelt ServiceMonitor field": (
        "components/monitoring/servicemonitors.yaml",
        "honorLabels: true",
        "honourLabels: true",
        "[schema]",
        "honourLabels",
    ),
    "a ServiceMonitor that selects no Service": (
        "components/monitoring/servicemonitors.yaml",
        "microtache.example/scrape: gateway",
        "microtache.example/scrape: gateways",
        "[policy]",
        "selects no Service",
    ),
    "an alert without a severity": (
        "components/monitoring/prometheusrule.yaml",
        "          labels:\n            severity: warning\n",
        "          labels:\n            team: ops\n",
        "[schema]",
        "severity",
    ),
    "an alert on a metric nobody exposes": (
        "components/monitoring/prometheusrule.yaml",
        "max by (service) (microtache_outbox_oldest_unsent_age_seconds) > 300",
        "max by (service) (microtache_outbox_age_seconds) > 300",
        "[policy]",
        "microtache_outbox_age_seconds",
    ),
    "a dashboard panel on a metric nobody exposes": (
        "components/monitoring/grafana-dashboard.json",
        "microtache_dead_letters)",
        "microtache_parked)",
        "[policy]",
        "microtache_parked",
    ),
    "a scale target that does not exist": (
        "components/keda/scaledobjects.yaml",
        "kind: Deployment\n    name: orders",
        "kind: Deployment\n    name: order",
        "[policy]",
        "'order', which does not exist",
    ),
    "a Secret nobody makes": (
        "base/catalog.yaml",
        "name: microtache-broker",
        "name: microtache-brokr",
        "[policy]",
        "Secret 'microtache-brokr'",
    ),
    "too short a grace period": (
        "base/scheduler.yaml",
        "terminationGracePeriodSeconds: 60",
        "terminationGracePeriodSeconds: 5",
        "[policy]",
        "terminationGracePeriodSeconds 5",
    ),
    "classic queues": (
        "base/broker.yaml",
        "defaultQueueType: quorum",
        "defaultQueueType: classic",
        "[policy]",
        "not quorum queues",
    ),
    "files on a folder of each pod's own": (
        "base/kustomization.yaml",
        "- STORAGE_URL=s3://microtache-files",
        "- STORAGE_URL=",
        "[policy]",
        "STORAGE_URL '' is not s3://<bucket>",
    ),
    "a shared files volume again": (
        "base/common.yaml",
        "automountServiceAccountToken: false\n",
        "automountServiceAccountToken: false\n---\napiVersion: v1\n"
        "kind: PersistentVolumeClaim\nmetadata:\n  name: microtache-files\n"
        "spec:\n  accessModes: [ReadWriteMany]\n"
        "  resources:\n    requests:\n      storage: 20Gi\n",
        "[policy]",
        "a ReadWriteMany volume",
    ),
    "storage credentials written in the manifest": (
        "base/gateway.yaml",
        "- name: AWS_SECRET_ACCESS_KEY\n              valueFrom:\n"
        "                secretKeyRef:\n                  name: microtache-storage\n"
        "                  key: secret-access-key\n",
        "- name: AWS_SECRET_ACCESS_KEY\n              value: hunter2\n",
        "[policy]",
        "AWS_SECRET_ACCESS_KEY is not read from a Secret",
    ),
    "a buffered live stream": (
        "base/gateway.yaml",
        'proxy-buffering: "off"',
        'proxy-buffering: "on"',
        "[policy]",
        "buffers the live stream",
    ),
    "a live stream cut after a minute": (
        "base/gateway.yaml",
        'proxy-read-timeout: "3600"',
        'proxy-read-timeout: "60"',
        "[policy]",
        "would cut quiet live streams",
    ),
    "the live stream on the API's Ingress": (
        "base/gateway.yaml",
        "          - path: /v1/me/events\n",
        "          - path: /v1/me/events-gone\n",
        "[policy]",
        "no Ingress routes /v1/me/events by itself",
    ),
    "no SMTP relay Secret": (
        "base/inbox.yaml",
        "name: microtache-smtp",
        "name: microtache-mail",
        "[policy]",
        "Secret 'microtache-mail'",
    ),
    "no migration gate": (
        "base/requests.yaml",
        "args: [microtache, probe, requests, --migrated",
        "args: [microtache, probe, requests, --live",
        "[policy]",
        "no init container waits for its migrations",
    ),
}


@needs_tools
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_manifest_fails_the_check(broken, case):
    relative, old, new, stage, message = BROKEN[case]
    root = broken(relative, old, new)
    status, out = check("--k8s", root, "--overlay", "prod", "--skip", "scan,lint")
    assert status == 1, out
    failures = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert any(stage in line and message in line for line in failures), out


STORAGE_BROKEN = {
    "a lifecycle rule that deletes delivered files": (
        "lifecycle.json",
        '"Filter": {"Prefix": ""},\n      "AbortIncompleteMultipartUpload"',
        '"Filter": {"Prefix": "uploads/"},\n      "Expiration": {"Days": 7},\n'
        '      "AbortIncompleteMultipartUpload"',
        "expires objects under 'uploads/' by age alone",
    ),
    "no abort of incomplete multipart uploads": (
        "lifecycle.json",
        '"AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}',
        '"Expiration": {"ExpiredObjectDeleteMarker": true}',
        "no rule aborts incomplete multipart uploads",
    ),
    "a public bucket": (
        "bucket-policy.json",
        '"Principal": {"AWS": "arn:aws:iam::111122223333:user/microtache"},\n'
        '      "Action": [\n        "s3:GetObject"',
        '"Principal": "*",\n      "Action": [\n        "s3:GetObject"',
        "allows anyone: the bucket is private",
    ),
    "public access not blocked": (
        "public-access-block.json",
        '"BlockPublicPolicy": true',
        '"BlockPublicPolicy": false',
        "BlockPublicPolicy is not true",
    ),
    "browsers may delete": (
        "cors.json",
        '["PUT", "GET", "HEAD"]',
        '["PUT", "GET", "HEAD", "DELETE"]',
        "allows DELETE",
    ),
}


@needs_tools
@pytest.mark.parametrize("case", sorted(STORAGE_BROKEN))
def test_broken_bucket_settings_fail_the_check(tmp_path, case):
    name, old, new, message = STORAGE_BROKEN[case]
    storage = tmp_path / "storage"
    shutil.copytree(os.path.join(DEPLOY, "storage"), storage)
    text = (storage / name).read_text()
    assert old in text, f"{old!r} is not in {name}"
    (storage / name).write_text(text.replace(old, new, 1))
    status, out = check("--storage", str(storage), "--overlay", "dev", "--skip", "scan,lint")
    assert status == 1, out
    failures = [line for line in out.splitlines() if line.startswith("FAIL [policy]")]
    assert any(name in line and message in line for line in failures), out


@needs_tools
def test_the_security_scan_fails_on_what_no_schema_forbids(broken):
    root = broken(
        "base/gateway.yaml",
        "      automountServiceAccountToken: false\n",
        "      automountServiceAccountToken: false\n      hostNetwork: true\n",
    )
    status, out = check("--k8s", root, "--overlay", "prod", "--skip", "lint")
    assert status == 1, out
    assert any(
        line.startswith("FAIL [scan]") and "CKV_K8S_19" in line for line in out.splitlines()
    ), out


@needs_tools
def test_a_dockerfile_that_runs_as_root_with_a_compiler_fails_the_lint(tmp_path):
    with open(os.path.join(DEPLOY, "Dockerfile")) as f:
        text = f.read()
    text = text.replace("USER 10001:10001\n", "").replace(
        "COPY --from=build /opt/microtache /opt/microtache\n",
        "COPY --from=build /opt/microtache /opt/microtache\n"
        "RUN apt-get update && apt-get install -y gcc\n",
    )
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(text)
    status, out = check(
        "--dockerfile", str(dockerfile), "--overlay", "dev", "--skip", "schema,policy,scan"
    )
    assert status == 1, out
    failures = "\n".join(line for line in out.splitlines() if line.startswith("FAIL [lint]"))
    assert "hadolint" in failures  # unpinned apt packages, no cleanup
    assert "does not run as a non-root USER" in failures
    assert "installs build tools" in failures
