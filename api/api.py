"""The REST API, version 1: `/api/v1/`, its OpenAPI schema at `/api/v1/openapi.json` and
its docs page at `/api/v1/docs` (Swagger UI from django-ninja's own static files: no CDN).

Every operation authenticates with a personal access token (`api.auth.TokenAuth`) and reads
through the same doors and `visible_to` querysets as the pages; writes go through the same
forms and domain functions. Errors are JSON (`api.errors`)."""

from ninja import NinjaAPI

from . import errors
from .auth import TokenAuth
from .endpoints import (
    applications,
    commitments,
    figure_rows,
    figures,
    interviews,
    requisitions,
    searches,
)

api = NinjaAPI(
    title="Accord API",
    version="1",
    description=(
        "Hiring searches, their agreement, commitments, candidates and interviews — exactly "
        "what the token's owner may see on the pages. Make a token on Settings → API tokens."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
)
errors.install(api)
api.add_router("", requisitions.router)
api.add_router("", commitments.router)
api.add_router("", applications.router)
api.add_router("", searches.router)
api.add_router("", interviews.router)
api.add_router("", figures.router)
api.add_router("", figure_rows.router)
