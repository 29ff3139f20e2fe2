from . import cron
from . import service_schedule
