from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import Heartbeat

STALE_AFTER_SECONDS = 180


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database answers; reports how long ago a worker last beat."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    latest = Heartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    age = (timezone.now() - latest).total_seconds() if latest else None
    return JsonResponse(
        {
            "database": "ok",
            "worker_last_seen_seconds": round(age) if age is not None else None,
            "worker": "ok" if age is not None and age < STALE_AFTER_SECONDS else "stale",
        }
    )
