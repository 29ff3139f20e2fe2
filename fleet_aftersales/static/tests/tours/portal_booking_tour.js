/** @odoo-module */
// A customer books a service slot online on a phone: from their bookings, the form of a
// new booking, another day, a free slot of it, then the booking made and listed.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("fleet_aftersales_portal_booking_tour", {
    url: "/my/appointments",
    steps: () => [
        {
            content: "Book a service",
            trigger: "a.o_appointment_book",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The customer's car is chosen",
            trigger: "select#vehicle_id:has(option:selected:contains('粤A'))",
        },
        {
            content: "Choose the next day",
            trigger: ".o_appointment_days a:nth-child(2)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "That day is chosen",
            trigger: ".o_appointment_days a:nth-child(2).btn-primary",
        },
        {
            content: "Choose the first free slot of that day",
            trigger: ".o_appointment_slots label:first",
            run: "click",
        },
        {
            content: "Book it",
            trigger: "button.o_appointment_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The booking is made",
            trigger: ".o_appointment_message",
        },
        {
            content: "Booked, not yet confirmed",
            trigger: ".o_appointment_detail .o_appointment_state",
        },
        {
            content: "Back to the bookings",
            trigger: ".breadcrumb a[href='/my/appointments']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The booking is among those to come",
            trigger: ".o_appointments_upcoming .o_appointment_card",
        },
    ],
});
