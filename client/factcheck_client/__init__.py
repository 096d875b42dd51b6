"""factcheck-client: check statements against a factcheck service, from Python, typed.

    from factcheck_client import Client

    with Client("http://localhost:8000") as factcheck:
        result = factcheck.check("North Korea sent 50,000 troops to Russia")
        print(result.verdict)

The wire types are the service's own (`schemas`), so results are msgspec Structs.
"""

from factcheck_client.aio import AsyncClient
from factcheck_client.client import Client
from factcheck_client.errors import FactcheckError
from factcheck_client.retrying import RetryPolicy

__version__ = "0.1.0"
__all__ = ["AsyncClient", "Client", "FactcheckError", "RetryPolicy", "__version__"]
