# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The volume generator: a dealer's staff, customers, cars and service history, by the ORM.

One engine for the two places that need a dealer's data: the demo (``populate/demo.py``,
a small dealer with every state walked through, run by the post-init hook) and the
benchmark (``populate/volume.py``, N vehicles with a fixed number of items due today,
run by ``benchmarks/bench.py``). Deterministic for a seed; dates are relative to
``today``; records are created in batches, committed after each one for a large volume.
"""

import random
from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo.tools import split_every

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = (
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 建华 志强 "
    "海燕 晓东 丽华 国庆 春梅 文博"
).split()
STREETS = (
    "天河路 体育西路 中山大道 珠江新城花城大道 深南大道 滨海大道 季华路 东莞大道 白云大道 环市东路"
).split()
CITIES = [("广州", "粤A"), ("深圳", "粤B"), ("佛山", "粤E"), ("东莞", "粤S")]
PLATE_LETTERS = "ABCDEFGHJK"
VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"


def _spread(i, modulo, offset=0):
    """The i-th of ``modulo`` numbers in a scattered order; no repeats for a power of ten
    (the factor, about the golden ratio times 10**9, is prime to 2 and 5)."""
    return (i * 618033989 + offset) % modulo


class DealerGenerator:
    """Creates a dealer's records in batches, with values that look like a Guangdong dealer's.

    ``seed`` fixes every random choice; ``context`` is added to the environment (e.g. no
    tracking); ``commit`` commits after each batch of ``batch_size`` records, for volumes
    that take minutes to generate and must not be lost to a later failure.
    """

    def __init__(self, env, seed, today=None, context=None, batch_size=2000, commit=False):
        self.env = env(context=dict(env.context, **(context or {})))
        self.rng = random.Random(seed)
        self.today = today or self.env.company._aftersales_today()
        self.batch_size = batch_size
        self.commit = commit

    def create_batches(self, model, vals_list):
        """Create ``vals_list`` in batches; the records, in the order of their values."""
        ids = []
        for chunk in split_every(self.batch_size, vals_list, list):
            ids += self.env[model].create(chunk).ids
            if self.commit:
                # a large volume keeps what is generated when a later batch fails
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return self.env[model].browse(ids)

    def write_each(self, records, values):
        """Write ``values(record)`` on each record, with one write per distinct set of values."""
        groups = defaultdict(lambda: ({}, []))
        for record in records:
            vals = values(record)
            group = groups[repr(sorted(vals.items()))]
            group[0].update(vals)
            group[1].append(record.id)
        for vals, ids in groups.values():
            records.browse(ids).write(vals)

    def users(self, specs, tz=None):
        """Staff by login, created when missing: ``specs`` are (login, name, group xmlid).

        The password is the login, as the README tells demo users; the recordset follows
        the order of ``specs``.
        """
        Users = self.env["res.users"].with_context(active_test=False)
        by_login = {u.login: u for u in Users.search([("login", "in", [s[0] for s in specs])])}
        vals_list = [
            {
                "login": login,
                "password": login,
                "name": name,
                "groups_id": [(4, self.env.ref(group).id)],
                **({"tz": tz} if tz else {}),
            }
            for login, name, group in specs
            if login not in by_login
        ]
        by_login.update({u.login: u for u in self.create_batches("res.users", vals_list)})
        return Users.browse([by_login[login].id for login, _name, _group in specs])

    def customer_values(self, i):
        """The i-th customer: a Chinese name, a mobile number no one else has, an address."""
        city, _region = CITIES[i % len(CITIES)]
        return {
            "name": SURNAMES[i % len(SURNAMES)] + GIVEN[(i + i // len(SURNAMES)) % len(GIVEN)],
            "mobile": f"13{_spread(i, 10**9, 123456789):09d}",
            "street": f"{STREETS[i % len(STREETS)]} {_spread(i, 999) + 1} 号",
            "city": city,
        }

    def vehicle_values(self, i, partner, model, vin_prefix="LGX"):
        """The i-th car, of ``partner``: a plate of the owner's city and a 17-character VIN."""
        region = dict(CITIES).get(partner.city, CITIES[0][1])
        plate = _spread(i, 10**5, 4321)
        vin = "".join(self.rng.choice(VIN_CHARS) for _ in range(17 - len(vin_prefix)))
        return {
            "model_id": model.id,
            "owner_id": partner.id,
            "license_plate": f"{region}·{PLATE_LETTERS[plate // 10**4]}{plate % 10**4:04d}",
            "vin_sn": vin_prefix + vin,
        }

    def visit_values(self, vehicle, advisor, day, odometer, visit_type, at=time(9), hours=6):
        """A delivered visit received on ``day`` at ``at`` and delivered ``hours`` later."""
        reception = datetime.combine(day, at)
        return {
            "vehicle_id": vehicle.id,
            "advisor_id": advisor.id,
            "visit_type": visit_type,
            "reception_datetime": reception,
            "delivery_datetime": reception + timedelta(hours=hours),
            "odometer": odometer,
            "state": "delivered",
        }

    def rating_values(self, ratings, tags):
        """An answer's rating drawn from ``ratings``; a poor one (1 or 2) gets a reason tag."""
        rating = self.rng.choice(ratings)
        tag_ids = [tags[self.rng.randrange(len(tags))].id] if rating in "12" and tags else []
        return {"rating": rating, "reason_tag_ids": [(6, 0, tag_ids)] if tag_ids else []}
