from . import fleet_aftersales_report
