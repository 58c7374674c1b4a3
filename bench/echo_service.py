"""The machine's own ceiling for `make bench-orders`: a Nameko RPC that does nothing."""

from nameko.rpc import rpc


class BenchEcho:
    name = "bench_echo"

    @rpc
    def echo(self, value):
        return value
