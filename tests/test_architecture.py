"""The shape of the repository (issue 16), proven by walking the imports.

* The shared kit (lib/microtache) imports no service and not the gateway.
* Outside a service, nothing imports anything of it but its contract: the
  gateway imports `orders.contract`, never `orders.schemas` or `orders.domain`;
  a service reads another's events and replies through that one's contract.
* A contract imports only the standard library, marshmallow and the shared kit,
  and a service's `__init__` imports nothing, so that importing a contract never
  loads the service behind it (a subprocess checks that the gateway loads
  contracts only).

Every import counts, including those inside functions.
"""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVICES = {
    "catalog": ROOT / "services/catalog/catalog",
    "buyer_requests": ROOT / "services/requests/buyer_requests",
    "orders": ROOT / "services/orders/orders",
    "reviews": ROOT / "services/reviews/reviews",
    "payments": ROOT / "services/payments/payments",
    "scheduler": ROOT / "services/scheduler/scheduler",
}
PACKAGES = {**SERVICES, "gateway": ROOT / "gateway/gateway", "microtache": ROOT / "lib/microtache"}
CONTRACT_MAY_IMPORT = {"marshmallow", "microtache"}


def imports_of(path):
    """(line, module) for every import in the file, `from a import b` giving `a.b`
    (so that `from orders import contract` reads as `orders.contract`)."""
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def modules_of(package):
    return sorted(p for p in PACKAGES[package].rglob("*.py"))


def is_contract(module, service):
    return module == f"{service}.contract" or module.startswith(f"{service}.contract.")


def foreign_imports(package):
    """Imports, from `package`, of another package's insides."""
    found = []
    for path in modules_of(package):
        for line, module in imports_of(path):
            top = module.split(".")[0]
            if top == package or top not in PACKAGES:
                continue
            allowed = (
                top in SERVICES and is_contract(module, top) and package != "microtache"
            ) or top == "microtache"
            if not allowed:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return found


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_nothing_outside_a_service_imports_more_than_its_contract(package):
    assert foreign_imports(package) == []


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_a_contract_imports_only_marshmallow_and_the_shared_kit(service):
    home = SERVICES[service]
    contract = (
        [home / "contract.py"]
        if (home / "contract.py").exists()
        else sorted((home / "contract").rglob("*.py"))
    )
    assert contract, f"{service} has no contract"
    stdlib = sys.stdlib_module_names | {"__future__"}
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in contract
        for line, module in imports_of(path)
        if module.split(".")[0] not in stdlib | CONTRACT_MAY_IMPORT
        and not is_contract(module, service)
    ]
    assert wrong == []
    assert not [m for _, m in imports_of(home / "__init__.py")], (
        f"{service}/__init__.py imports: importing its contract would load them"
    )


def test_loading_the_gateway_loads_no_service_but_their_contracts():
    probe = "import json, sys; import gateway.service; print(json.dumps(sorted(sys.modules)))"
    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", probe], check=True, capture_output=True, text=True
        ).stdout
    )
    inside = [
        m
        for m in loaded
        if m.split(".")[0] in SERVICES and m not in SERVICES and not is_contract(m, m.split(".")[0])
    ]
    assert inside == []
