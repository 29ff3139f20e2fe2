from . import call_schedule
from . import cron
from . import service_schedule
