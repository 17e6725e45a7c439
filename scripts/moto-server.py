"""
moto's server for the fake-cloud tier, answering in HTTP/1.0.

moto_server runs werkzeug's development server, which closes the connection after every response
("Connection: close") but answers HTTP/1.1 with chunked bodies. Under the many concurrent TLS
requests of an apply, the AWS SDK now and then failed to read such a body ("decomposing response
... use of closed network connection") and retried a call that had already succeeded. With
HTTP/1.0 every body simply ends with the connection. Arguments are moto_server's.
"""
import sys

from moto.moto_server.werkzeug_app import MotoRequestHandler
from moto.server import main

# werkzeug upgrades a handler to HTTP/1.1 only when the class does not set a version itself.
MotoRequestHandler.protocol_version = "HTTP/1.0"

if __name__ == "__main__":
    main(sys.argv[1:])
