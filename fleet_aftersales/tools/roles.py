# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Who may correct what the others cannot."""

MANAGER_GROUP = "fleet_aftersales.fleet_aftersales_group_manager"


def is_aftersales_manager(env):
    """An after-sales manager, or the system itself (superuser mode: install, data
    generation, migrations), which no user reaches over RPC."""
    return env.su or env.user.has_group(MANAGER_GROUP)
