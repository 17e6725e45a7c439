"""
moto's server for the fake-cloud tier: moto's WSGI application served by gunicorn over TLS, with
HTTP/1.1 keep-alive, in one process (moto keeps its state in memory) with a pool of threads.

Why not `moto_server`: it runs werkzeug's development server, which is not made for this load. It
answers every request with `Connection: close` (so the AWS SDK opens a new TLS connection for
every call), and after each response it drains the rest of the request with a blocking read that
only a 10 ms select guards, then shuts the socket down. Under the concurrent TLS calls of an
apply, the SDK now and then lost a response that moto had already acted on ("use of closed
network connection", "connection reset by peer"), retried the call, and the retry failed on its
own result ("already exists", a lock already released). gunicorn reads every request whole, frames
every response, and keeps connections open for the SDK to reuse.

Threads: gunicorn's threaded worker gives a new connection a thread once it is readable, which
over TLS is the handshake, not the first request; the thread then waits for that request. Go's HTTP client dials spare connections that may stay idle until its idle timeout
(90 s), so with few threads every request waits behind them: one thread per connection the
clients can hold open (MOTO_THREADS, default 128) keeps that from happening.

Usage: moto-server.py -H 127.0.0.1 -p PORT -c CERT -k KEY
"""
import argparse
import os

from gunicorn.app.base import BaseApplication


class MotoApplication(BaseApplication):
    def __init__(self, options):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

        return DomainDispatcherApplication(create_backend_app)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, required=True)
    parser.add_argument("-c", "--ssl-cert", required=True)
    parser.add_argument("-k", "--ssl-key", required=True)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("MOTO_THREADS", "128")))
    args = parser.parse_args()
    # moto builds some URLs (S3 presigned, SQS queue URLs) from it, as moto_server does.
    os.environ.setdefault("MOTO_PORT", str(args.port))
    MotoApplication({
        "bind": f"{args.host}:{args.port}",
        # One process: moto's backends live in its memory. Threads serve concurrent requests.
        "workers": 1,
        "worker_class": "gthread",
        "threads": args.threads,
        # Longer than the AWS SDK's idle-connection timeout (90 s): the client closes first.
        "keepalive": 120,
        # No worker heartbeat timeout: a slow moto call must not get the worker killed.
        "timeout": 0,
        "graceful_timeout": 5,
        "certfile": args.ssl_cert,
        "keyfile": args.ssl_key,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
    }).run()


if __name__ == "__main__":
    main()
