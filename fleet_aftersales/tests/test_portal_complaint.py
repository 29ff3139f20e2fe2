# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..tools.rate_limit import PUBLIC_LIMIT
from .test_portal_vehicle import PortalCustomersCase

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestPortalComplaint(PortalCustomersCase):
    """A customer follows their own complaints on /my/complaints and files one online: it
    enters the staff's ticket flow with the channel "online", for them and their shop,
    whatever the form posts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Complaint = cls.env["fleet.aftersales.complaint"].with_user(cls.agent_a)
        cls.chen_complaint, cls.li_complaint = Complaint.create(
            [
                {
                    "partner_id": customer.id,
                    "vehicle_id": customer.vehicle_ids.id,
                    "channel": "phone",
                    "description": text,
                }
                for customer, text in ((cls.chen, "保养后异响"), (cls.li, "洗车不干净"))
            ]
        )
        cls.category = cls.env.ref("fleet_aftersales.complaint_category_repair_quality")

    def _my_complaints(self, partner):
        return self.env["fleet.aftersales.complaint"].search([("partner_id", "=", partner.id)])

    def _form_token(self, url="/my/complaints/new"):
        return CSRF.search(self.url_open(url).text).group(1)

    def _file(self, **data):
        data.setdefault("csrf_token", self._form_token())
        return self.url_open("/my/complaints/new", data=data)

    def test_orm_reads_own_complaints_only(self):
        Complaint = self.env["fleet.aftersales.complaint"].with_user(self.chen_user)
        self.assertEqual(
            Complaint.search([("id", "in", (self.chen_complaint | self.li_complaint).ids)]),
            self.chen_complaint,
        )
        with self.assertRaises(AccessError):
            Complaint.browse(self.li_complaint.id).read(["description"])
        with self.assertRaises(AccessError):
            Complaint.browse(self.chen_complaint.id).write({"description": "改"})
        with self.assertRaises(AccessError):
            Complaint.create({"partner_id": self.chen.id, "description": "直接写入"})

    def test_list_filters_and_page(self):
        self.login(self.chen_user)
        listing = self.url_open("/my/complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.chen_complaint.name, listing.text)
        self.assertNotIn(self.li_complaint.name, listing.text)
        self.assertNotIn(
            self.chen_complaint.name, self.url_open("/my/complaints?filterby=closed").text
        )
        self.assertIn(self.chen_complaint.name, self.url_open("/my/complaints?filterby=open").text)
        page = self.url_open(f"/my/complaints/{self.chen_complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("保养后异响", page.text)
        # the status by its label, in the customer's language
        Complaint = self.env["fleet.aftersales.complaint"].with_context(lang="zh_CN")
        label = dict(Complaint.fields_get(["state"])["state"]["selection"])[
            self.chen_complaint.state
        ]
        self.assertIn(label, page.text)
        # the public chatter, the customer signed in it
        self.assertIn('data-res_model="fleet.aftersales.complaint"', page.text)
        self.assertIn(f'data-pid="{self.chen_user.partner_id.id}"', page.text)

    def test_resolution_shown_once_resolved(self):
        complaint = self.chen_complaint.with_user(self.manager_a)
        complaint.write(
            {
                "user_id": self.manager_a.id,
                "date_deadline": "2026-06-20",
                "root_cause": "门锁扣松动",
                "resolution": "已调整门锁扣并润滑",
            }
        )
        self.login(self.chen_user)
        self.assertNotIn("已调整门锁扣并润滑", self.url_open(complaint.access_url).text)
        complaint.action_resolve()
        self.assertIn("已调整门锁扣并润滑", self.url_open(complaint.access_url).text)

    @mute_logger("odoo.http")
    def test_other_customers_complaint_refused_missing_not_found(self):
        self.login(self.chen_user)
        other = self.url_open(f"/my/complaints/{self.li_complaint.id}")
        self.assertEqual(other.status_code, 403)
        self.assertNotIn(self.li_complaint.name, other.text)
        self.assertNotIn("洗车不干净", other.text)
        self.assertEqual(self.url_open("/my/complaints/999999999").status_code, 404)

    def test_file_online_for_self_in_the_cars_shop(self):
        self.login(self.chen_user)
        reply = self._file(
            vehicle_id=self.chen_car.id,
            category_id=self.category.id,
            description="  前台等待时间太长  ",
            # what the form does not ask is ignored: the customer is the user's
            partner_id=self.li.id,
            company_id=self.shop_b.id,
            channel="phone",
        )
        complaint = self._my_complaints(self.chen) - self.chen_complaint
        self.assertEqual(len(complaint), 1)
        self.assertRecordValues(
            complaint,
            [
                {
                    "partner_id": self.chen.id,
                    "vehicle_id": self.chen_car.id,
                    "category_id": self.category.id,
                    "channel": "online",
                    "company_id": self.shop_a.id,
                    "description": "前台等待时间太长",
                    "state": "new",
                }
            ],
        )
        self.assertNotEqual(complaint.name, "/")
        self.assertIn(self.chen_user.partner_id, complaint.message_partner_ids)
        self.assertTrue(reply.url.endswith(f"/my/complaints/{complaint.id}?filed=1"), reply.url)
        self.assertIn(complaint.name, reply.text)
        self.assertFalse(self._my_complaints(self.li) - self.li_complaint)

    def test_file_online_without_car_in_the_customers_shop(self):
        customer = self.history_b[0]
        user = self.make_portal_user(customer, "fa_portal_b0")
        self.login(user)
        self._file(description="电话一直打不通")
        complaint = self._my_complaints(customer)
        self.assertRecordValues(
            complaint,
            [{"channel": "online", "company_id": self.shop_b.id, "vehicle_id": False}],
        )

    def test_file_refused_with_the_reason_on_the_form(self):
        self.login(self.chen_user)
        # another customer's car: not theirs, refused
        reply = self._file(vehicle_id=self.li_car.id, description="别人的车")
        self.assertEqual(reply.status_code, 200)
        self.assertRegex(reply.text, r'name="vehicle_id"[^>]*is-invalid')
        # no words: refused, the car kept on the form
        reply = self._file(vehicle_id=self.chen_car.id, description="   ")
        self.assertRegex(reply.text, r'name="description"[^>]*is-invalid')
        self.assertFalse(self._my_complaints(self.chen) - self.chen_complaint)
        self.assertFalse(self._my_complaints(self.li) - self.li_complaint)

    @mute_logger("odoo.http")
    def test_post_without_csrf_token_refused(self):
        self.login(self.chen_user)
        reply = self.url_open("/my/complaints/new", data={"description": "没有令牌"})
        self.assertEqual(reply.status_code, 400)
        reply = self.url_open(
            "/my/complaints/new", data={"description": "假令牌", "csrf_token": "x"}
        )
        self.assertEqual(reply.status_code, 400)
        self.assertFalse(self._my_complaints(self.chen) - self.chen_complaint)

    @mute_logger("odoo.http")
    def test_too_many_posts_refused(self):
        self.login(self.chen_user)
        token = self._form_token()
        with patch.object(PUBLIC_LIMIT, "hits", 3):
            for _i in range(3):
                self.assertEqual(self._file(csrf_token=token, description="").status_code, 200)
            reply = self._file(csrf_token=token, description="第四次")
            self.assertEqual(reply.status_code, 429)
            # the form itself (GET) is not limited
            self.assertEqual(self.url_open("/my/complaints/new").status_code, 200)
        self.assertFalse(self._my_complaints(self.chen) - self.chen_complaint)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestPortalComplaintTour(PortalCustomersCase):
    """On a phone, the customer goes from /my to their car and files a complaint about
    it, then finds it in their complaints (``static/tests/tours/portal_complaint_tour.js``)."""

    browser_size = "390x844"
    touch_enabled = True

    def test_file_a_complaint_from_the_phone(self):
        self.start_tour("/my", "fleet_aftersales_portal_complaint_tour", login=self.chen_user.login)
        complaint = self.env["fleet.aftersales.complaint"].search(
            [("partner_id", "=", self.chen.id)]
        )
        self.assertRecordValues(
            complaint,
            [
                {
                    "channel": "online",
                    "vehicle_id": self.chen_car.id,
                    "company_id": self.shop_a.id,
                    "description": "手机上提交的投诉：保养后仪表盘报警灯亮。",
                }
            ],
        )
