-- Migration: 0011_create_employees
-- Requires: 0010_create_site_gift_config
-- Purpose: Create public.employees, the people eligible to select gifts on a site.
-- Revert: 0011_create_employees.revert.sql (drops public.employees; data is re-derivable from the KV store)
-- Transaction: yes

CREATE TABLE public.employees (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    site_id uuid NOT NULL,
    employee_id text NOT NULL,
    email text,
    serial_card_number text,
    first_name text,
    last_name text,
    full_name text,
    department text,
    hire_date date,
    anniversary_date date,
    status text NOT NULL DEFAULT 'active',
    legacy_id text,
    extra jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT employees_pkey PRIMARY KEY (id),
    CONSTRAINT employees_site_id_employee_id_key UNIQUE (site_id, employee_id),
    CONSTRAINT employees_site_id_fkey FOREIGN KEY (site_id)
    REFERENCES public.sites (id) ON DELETE CASCADE,
    CONSTRAINT employees_status_check CHECK (status IN ('active', 'inactive', 'terminated')),
    CONSTRAINT employees_employee_id_not_blank_check CHECK (employee_id ~ '\S'),
    CONSTRAINT employees_email_format_check CHECK (email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'),
    CONSTRAINT employees_serial_card_number_not_blank_check CHECK (serial_card_number ~ '\S'),
    CONSTRAINT employees_extra_is_object_check CHECK (jsonb_typeof(extra) = 'object')
);

-- employees_site_id_employee_id_key serves (site_id) and (site_id, employee_id) lookups; idx_employees_site_id
-- adds status (active roster of a site) so that it is not a prefix duplicate of that unique index.
CREATE INDEX idx_employees_site_id ON public.employees (site_id, status);
CREATE INDEX idx_employees_employee_id ON public.employees (employee_id);
CREATE INDEX idx_employees_email ON public.employees (lower(email), site_id) WHERE email IS NOT NULL;
CREATE INDEX idx_employees_serial_card ON public.employees (serial_card_number, site_id)
WHERE serial_card_number IS NOT NULL;
CREATE INDEX idx_employees_legacy_id ON public.employees (legacy_id) WHERE legacy_id IS NOT NULL;

CREATE TRIGGER employees_set_updated_at
BEFORE UPDATE ON public.employees
FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

COMMENT ON TABLE public.employees IS
'Employees eligible to select gifts on a site, used for validation and tracking. Source: KV keys employee:{id}, '
'employee:{siteId}:{id} (site id possibly only in the key), employees:{id} and employees:{env}:{id}.';
COMMENT ON COLUMN public.employees.id IS
'Primary key; gen_random_uuid() by default, a stable UUID from the data migration''s id map for migrated rows.';
COMMENT ON COLUMN public.employees.site_id IS
'Site the employee belongs to. Client-level employees without a site are held back by the mapping layer until '
'a mapping rule assigns a site.';
COMMENT ON COLUMN public.employees.employee_id IS
'External HR identifier (source employeeId/employee_id), unique per site and never blank; the mapping falls '
'back to the KV id when the source has an empty string.';
COMMENT ON COLUMN public.employees.email IS
'Employee email; NULL when unknown (the empty string of the source maps to NULL). Format-checked; looked up '
'case-insensitively through idx_employees_email.';
COMMENT ON COLUMN public.employees.serial_card_number IS
'Serial card code used for validation (serialCard/serial_card_number); NULL when none, never blank.';
COMMENT ON COLUMN public.employees.first_name IS 'Given name, when the source has it separately.';
COMMENT ON COLUMN public.employees.last_name IS 'Family name, when the source has it separately.';
COMMENT ON COLUMN public.employees.full_name IS
'Full name exactly as the source wrote a single name field (name); not split, to avoid guessing.';
COMMENT ON COLUMN public.employees.department IS 'Department (HRIS and import data).';
COMMENT ON COLUMN public.employees.hire_date IS 'Hire date (hireDate/hire_date), drives anniversary triggers.';
COMMENT ON COLUMN public.employees.anniversary_date IS
'Service anniversary date when the source records one different from the hire date (anniversaryDate).';
COMMENT ON COLUMN public.employees.status IS 'active, inactive or terminated (terminated comes from HRIS data).';
COMMENT ON COLUMN public.employees.legacy_id IS
'Original KV value id (e.g. emp-002, not unique across sites); NULL for rows not migrated from KV.';
COMMENT ON COLUMN public.employees.extra IS
'Source fields without a column of their own (jobTitle, country, region, location, phone, role, clientId). '
'JSON object.';
COMMENT ON COLUMN public.employees.created_at IS 'When the employee was created (source createdAt when migrated).';
COMMENT ON COLUMN public.employees.updated_at IS 'Last modification; maintained by trigger employees_set_updated_at.';
COMMENT ON CONSTRAINT employees_site_id_fkey ON public.employees IS
'CASCADE: employees are the eligibility roster of their site and personal data; they go with the site. Orders '
'survive employee deletion (orders_employee_id_fkey is SET NULL), and sites with orders cannot be deleted.';
