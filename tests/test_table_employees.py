"""public.employees: columns, the site FK (CASCADE), CHECKs, UNIQUE (site_id, employee_id), indexes, trigger."""

from __future__ import annotations

from schema_rows import BAD_EMAILS, SITE2, TableContract


class TestEmployees(TableContract):
    TABLE = "employees"
    COLUMNS = {
        "id": "uuid",
        "site_id": "uuid",
        "employee_id": "text",
        "email": "text",
        "serial_card_number": "text",
        "first_name": "text",
        "last_name": "text",
        "full_name": "text",
        "department": "text",
        "hire_date": "date",
        "anniversary_date": "date",
        "status": "text",
        "legacy_id": "text",
        "extra": "jsonb",
        "created_at": "timestamptz",
        "updated_at": "timestamptz",
    }
    NOT_NULL = ["id", "site_id", "employee_id", "status", "extra", "created_at", "updated_at"]
    FOREIGN_KEYS = [("employees_site_id_fkey", "site_id", "sites", "CASCADE", {})]
    BAD_ROWS = [
        ("employees_status_check", {"status": "deleted"}),
        ("employees_status_check", {"status": "Active"}),
        ("employees_employee_id_not_blank_check", {"employee_id": ""}),
        ("employees_employee_id_not_blank_check", {"employee_id": "   "}),
        *[("employees_email_format_check", {"email": e}) for e in BAD_EMAILS],
        ("employees_serial_card_number_not_blank_check", {"serial_card_number": ""}),
        ("employees_serial_card_number_not_blank_check", {"serial_card_number": " \t"}),
        ("employees_extra_is_object_check", {"extra": []}),
    ]
    GOOD_ROWS = [
        *[(f"status {v}", {"status": v}) for v in ("active", "inactive", "terminated")],
        ("no email (serial-card sites)", {"email": None, "serial_card_number": "SC-0001"}),
        ("mixed-case email", {"email": "Ann.Smith@Example.com"}),
        ("employee id with spaces inside", {"employee_id": " E 42 "}),
        (
            "HR attributes",
            {
                "first_name": "Ann",
                "last_name": "Smith",
                "full_name": "Ann Smith",
                "department": "Sales",
                "hire_date": "2016-04-01",
                "anniversary_date": "2026-04-01",
            },
        ),
        ("source fields without a column", {"extra": {"jobTitle": "Engineer", "country": "US"}}),
    ]
    UNIQUE = [("employees_site_id_employee_id_key", {"employee_id": "emp-001"}, {"employee_id": "emp-001"})]
    UNIQUE_OK = [
        (
            "the same employee id on another site",
            {"employee_id": "emp-001"},
            {"site_id": SITE2, "employee_id": "emp-001"},
        ),
        ("the same email twice on a site", {"email": "ann@example.com"}, {"email": "ann@example.com"}),
        ("the same legacy_id twice", {"legacy_id": "emp-001"}, {"legacy_id": "emp-001"}),
    ]
    INDEXES = {
        "employees_site_id_employee_id_key": (["site_id", "employee_id"], "btree (site_id, employee_id)"),
        "idx_employees_email": (["lower(email)", "site_id"], "btree (lower(email), site_id) WHERE (email IS NOT NULL)"),
        "idx_employees_employee_id": (["employee_id"], "btree (employee_id)"),
        "idx_employees_legacy_id": (["legacy_id"], "btree (legacy_id) WHERE (legacy_id IS NOT NULL)"),
        "idx_employees_serial_card": (
            ["serial_card_number", "site_id"],
            "btree (serial_card_number, site_id) WHERE (serial_card_number IS NOT NULL)",
        ),
        "idx_employees_site_id": (["site_id", "status"], "btree (site_id, status)"),
    }
