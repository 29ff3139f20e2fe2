from . import report_customer_archive
from . import report_callback_register
from . import report_daily_detail
from . import report_monthly_statistics
from . import report_monthly_statistics_loyalty
