-- Function: kv2rel.seed_word
-- Purpose: a deterministic word from one of the generator's small vocabularies (company, company_kind, first,
--          last, city, street, adjective, product, category, department, event, milestone, color), so names,
--          addresses and catalogs read like the source's invented examples.
-- Usage (psql): SELECT kv2rel.seed_word(42, 'first', 7);
-- requires: seed_pick

CREATE OR REPLACE FUNCTION kv2rel.seed_word(
    p_seed bigint,
    p_list text,
    p_i bigint
)
RETURNS text
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT kv2rel.seed_pick(p_seed, 'word.' || p_list, p_i, CASE p_list
        WHEN 'company' THEN ARRAY[
            'Northwind', 'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent',
            'Tyrell', 'Cyberdyne', 'Wonka', 'Oscorp', 'Aperture', 'Massive', 'Dunder', 'Harbor', 'Contoso', 'Fabrikam']
        WHEN 'company_kind' THEN ARRAY[
            'Traders', 'Robotics', 'Holdings', 'Health', 'Logistics', 'Foods', 'Media', 'Labs', 'Energy', 'Retail']
        WHEN 'first' THEN ARRAY[
            'Priya', 'James', 'Mei', 'Carlos', 'Amara', 'Liam', 'Sofia', 'Noah', 'Aisha', 'Lucas', 'Hana', 'Omar',
            'Elena', 'Kwame', 'Yuki', 'Mateo', 'Zoe', 'Ravi', 'Ingrid', 'Diego', 'Fatima', 'Jonas', 'Chloe', 'Ahmed']
        WHEN 'last' THEN ARRAY[
            'Natarajan', 'Smith', 'Chen', 'Garcia', 'Okafor', 'Murphy', 'Rossi', 'Kim', 'Khan', 'Silva', 'Tanaka',
            'Haddad', 'Petrova', 'Mensah', 'Sato', 'Lopez', 'Muller', 'Patel', 'Larsen', 'Fernandez', 'Nguyen']
        WHEN 'city' THEN ARRAY[
            'Austin', 'Leeds', 'Singapore', 'Toronto', 'Berlin', 'Sydney', 'Denver', 'Lyon', 'Osaka', 'Dublin']
        WHEN 'street' THEN ARRAY[
            'Elm Road', 'Mill Lane', 'Market Street', 'Harbour Way', 'Oak Avenue', 'King Street', 'Park Row']
        WHEN 'adjective' THEN ARRAY[
            'Trail', 'Classic', 'Premium', 'Compact', 'Wireless', 'Insulated', 'Leather', 'Bamboo', 'Smart', 'Eco']
        WHEN 'product' THEN ARRAY[
            'Backpack', 'Desk Lamp', 'Water Bottle', 'Headphones', 'Notebook', 'Watch', 'Speaker', 'Blanket',
            'Mug', 'Charger', 'Jacket', 'Pen Set', 'Tote Bag', 'Camera', 'Cutting Board', 'Yoga Mat']
        WHEN 'category' THEN ARRAY[
            'Outdoor', 'Office', 'Electronics', 'Home', 'Kitchen', 'Apparel', 'Wellness', 'Travel']
        WHEN 'department' THEN ARRAY[
            'Marketing', 'Engineering', 'Sales', 'Finance', 'Operations', 'HR', 'Support', 'Legal']
        WHEN 'event' THEN ARRAY[
            'Service Awards', 'Holiday Gifts', 'Onboarding Kit', 'Anniversary Rewards', 'Sales Incentives',
            'Birthday Club', 'Year-End Thanks']
        WHEN 'milestone' THEN ARRAY['1 Year', '5 Years', '10 Years', '15 Years', '20 Years', '25 Years']
        WHEN 'color' THEN ARRAY['#D91C81', '#1B2A5E', '#00B4CC', '#F5A623', '#2E7D32', '#6A1B9A']
        ELSE ARRAY[p_list]
    END)
$function$;

COMMENT ON FUNCTION kv2rel.seed_word(bigint, text, bigint) IS
'KV generator: deterministic word for (seed, vocabulary, i) from fixed vocabularies of names, places and products.';
