-- Migration: 0023_create_field_map
-- Requires: 0022_create_key_rules
-- Purpose: Create kv2rel.field_map, the aliases (JSON paths) feeding each target column, with their precedence.
-- Revert: 0023_create_field_map.revert.sql (drops the table; DBA edits to the map are lost)
-- Transaction: yes
--
-- Besides these explicit rows, every mappable target column is also fed by its own name (precedence 10) and by
-- its lowerCamelCase spelling (precedence 20), see view kv2rel.field_sources and docs/mapping.md. An explicit row
-- for the same path replaces the generic one. When several sources of a column are present in one record, the
-- lowest precedence wins; the others are reported as conflicts when their value differs. Columns of type uuid
-- (foreign keys), *_secret columns and password_hash are only ever fed by explicit rows.

CREATE TABLE kv2rel.field_map (
    entity text NOT NULL,
    target_column text NOT NULL,
    source_path text[] NOT NULL,
    precedence integer NOT NULL,
    coercion text NOT NULL,
    note text NOT NULL,
    CONSTRAINT field_map_pkey PRIMARY KEY (entity, target_column, source_path),
    CONSTRAINT field_map_entity_target_column_precedence_key UNIQUE (entity, target_column, precedence),
    CONSTRAINT field_map_entity_fkey FOREIGN KEY (entity)
    REFERENCES kv2rel.kv_entities (entity) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT field_map_target_column_format_check CHECK (target_column ~ '^[a-z_][a-z0-9_]*$'),
    CONSTRAINT field_map_source_path_format_check CHECK (
        cardinality(source_path) BETWEEN 1 AND 8
        AND array_position(source_path, '') IS NULL
        AND array_position(source_path, NULL) IS NULL
        AND (
            left(source_path[1], 1) <> '$'
            OR source_path IN ('{$key,parent_id}', '{$key,entity_id}', '{$key,environment}', '{$legacy_id}')
        )
    ),
    CONSTRAINT field_map_precedence_positive_check CHECK (precedence BETWEEN 1 AND 999),
    CONSTRAINT field_map_coercion_check CHECK (
        coercion ~ (
            '^(text|upper|lower|timestamptz|date|boolean|numeric|integer|jsonb|jsonb_object|jsonb_array'
            '|text_array|uuid|inet|first_name|last_name|active_flag|all_flag|address|validation_methods|member'
            '|flag:[a-z_]+|multiply:[A-Za-z0-9_]+|ref:[a-z][a-z0-9_]*(@[a-z_][a-z0-9_]*)?'
            '|ref_array:[a-z][a-z0-9_]*)$'
        )
    )
);

COMMENT ON TABLE kv2rel.field_map IS
'Explicit field aliases: which JSON path of a KV value (or which part of its key) feeds which target column, '
'with a precedence and a coercion. Generic same-name and camelCase sources are added by view '
'kv2rel.field_sources. Editable by the DBA; used by kv2rel.map_fields and kv2rel.plan.';
COMMENT ON COLUMN kv2rel.field_map.entity IS 'Entity whose values are mapped (kv2rel.kv_entities).';
COMMENT ON COLUMN kv2rel.field_map.target_column IS 'Column of the entity''s target table.';
COMMENT ON COLUMN kv2rel.field_map.source_path IS
'Path into the JSON value, one element per level ({source,catalogId}); or a key part: {$key,parent_id}, '
'{$key,entity_id}, {$key,environment}, or {$legacy_id} (the record''s legacy id: value id, else key id).';
COMMENT ON COLUMN kv2rel.field_map.precedence IS
'Lower wins when several sources of the column are present (1 to 999; 10 and 20 are the generic own-name and '
'camelCase sources; 90 is used for fallbacks). Unique per column so the winner is always defined.';
COMMENT ON COLUMN kv2rel.field_map.coercion IS
'How the source becomes the column value: text, upper, lower, timestamptz, date, boolean, numeric, integer, jsonb, '
'jsonb_object, jsonb_array, text_array, uuid, inet, first_name/last_name (split of a full name), active_flag '
'(boolean -> active/inactive), all_flag (the string all -> TRUE), address, validation_methods, member (merged into '
'the object column under the dotted path), flag:<value> (<value> when the source is true), multiply:<field> '
'(numeric times another field of the value), ref:<entity>[@<scope column>] and ref_array:<entity> (legacy id -> '
'kv2rel.legacy_uuid). See docs/mapping.md.';
COMMENT ON COLUMN kv2rel.field_map.note IS 'Where the alias comes from (kv-store.md section and source shape).';
COMMENT ON CONSTRAINT field_map_pkey ON kv2rel.field_map IS 'A source path feeds a given column once.';
COMMENT ON CONSTRAINT field_map_entity_target_column_precedence_key ON kv2rel.field_map IS
'No two sources of one column share a precedence, so the winner is never a tie.';
COMMENT ON CONSTRAINT field_map_entity_fkey ON kv2rel.field_map IS 'Aliases belong to a known entity.';
COMMENT ON CONSTRAINT field_map_target_column_format_check ON kv2rel.field_map IS
'Target columns are unquoted lower-case identifiers.';
COMMENT ON CONSTRAINT field_map_source_path_format_check ON kv2rel.field_map IS
'A path has 1 to 8 non-empty elements; paths starting with $ must be one of the four key/legacy-id sources.';
COMMENT ON CONSTRAINT field_map_precedence_positive_check ON kv2rel.field_map IS 'Precedence is 1 to 999.';
COMMENT ON CONSTRAINT field_map_coercion_check ON kv2rel.field_map IS
'The coercion is one kv2rel.coerce understands.';

INSERT INTO kv2rel.field_map (entity, target_column, source_path, precedence, coercion, note)
VALUES
('client', 'contact_email', '{contactEmail}', 20, 'text', '3.1b CRUD client; 9.6 test client'),
('client', 'status', '{isActive}', 30, 'active_flag', '9.6, 9.7 boolean instead of status'),
('client', 'client_contact_name', '{contactName}', 30, 'text', '3.1b CRUD client'),
('client', 'client_contact_phone', '{contactPhone}', 30, 'text', '3.1b CRUD client'),
('client', 'client_address_line_1', '{clientAddressLine1}', 20, 'text', '3.1c long form; digit boundary'),
('client', 'client_address_line_1', '{client_address_line1}', 30, 'text', '3.1c naive camel->snake of helpers.ts'),
('client', 'client_address_line_2', '{clientAddressLine2}', 20, 'text', '3.1c long form; digit boundary'),
('client', 'client_address_line_2', '{client_address_line2}', 30, 'text', '3.1c naive camel->snake of helpers.ts'),
('client', 'client_address_line_3', '{clientAddressLine3}', 20, 'text', '3.1c long form; digit boundary'),
('client', 'client_address_line_3', '{client_address_line3}', 30, 'text', '3.1c naive camel->snake of helpers.ts'),
(
    'client', 'client_has_employee_data', '{clientHasEmployeeData}', 20, 'boolean',
    '3.1c long form ("Yes"/"No" possible, 9.14)'
),
(
    'client', 'client_allow_session_timeout_extend', '{clientAllowSessionTimeoutExtend}', 20, 'boolean',
    '3.1c long form'
),
('client', 'client_code', '{clientCode}', 20, 'text', '3.1c long form'),
('client', 'settings', '{settings}', 10, 'jsonb_object', '3.1b/d settings object'),
('client', 'created_at', '{createdAt}', 20, 'timestamptz', '3.1b CRUD metadata'),
('client', 'updated_at', '{updatedAt}', 20, 'timestamptz', '3.1b CRUD metadata'),
('site', 'client_id', '{client_id}', 10, 'ref:client', '3.2a snake_case site'),
('site', 'client_id', '{clientId}', 20, 'ref:client', '3.2b/c CRUD and demo site'),
(
    'site', 'client_id', '{$key,parent_id}', 30, 'ref:client',
    '2.1 client:{cid}:site:{sid} copy: the client is in the key'
),
('site', 'catalog_id', '{catalog_id}', 10, 'ref:catalog', '3.2a'),
('site', 'catalog_id', '{catalogId}', 20, 'ref:catalog', '3.2b'),
('site', 'brand_id', '{brand_id}', 10, 'ref:brand', 'brand presets (008)'),
('site', 'brand_id', '{brandId}', 20, 'ref:brand', 'brand presets (008)'),
('site', 'status', '{isActive}', 30, 'active_flag', '3.2d frontend type'),
('site', 'validation_methods', '{validation_methods}', 10, 'validation_methods', '3.2a object array'),
(
    'site', 'validation_methods', '{validationMethods}', 20, 'validation_methods',
    '3.2b string array (default [''email''])'
),
('site', 'validation_methods', '{settings,validationMethod}', 30, 'validation_methods', '3.2c single string; 9.7'),
('site', 'branding', '{branding}', 10, 'jsonb_object', '3.2a/c'),
('site', 'branding', '{brandingConfig}', 30, 'jsonb_object', '3.2b CRUD'),
('site', 'selection_start_date', '{selectionStartDate}', 20, 'timestamptz', '3.2d; 9.7'),
('site', 'selection_start_date', '{startDate}', 30, 'timestamptz', '3.2b CRUD; 9.7'),
(
    'site', 'selection_start_date', '{settings,availabilityStartDate}', 40, 'timestamptz',
    '3.2 settings (date-only); 9.7'
),
('site', 'selection_end_date', '{selectionEndDate}', 20, 'timestamptz', '3.2d'),
('site', 'selection_end_date', '{endDate}', 30, 'timestamptz', '3.2b CRUD; 9.7'),
('site', 'selection_end_date', '{settings,availabilityEndDate}', 40, 'timestamptz', '3.2 settings (date-only)'),
('site', 'selection_end_date', '{expiryDate}', 50, 'timestamptz', '3.2 scheduled_triggers.tsx; 9.7'),
('site', 'site_custom_domain_url', '{domain}', 30, 'text', '3.2b public route reads domain'),
('site', 'gifts_per_user', '{giftsPerUser}', 20, 'integer', '3.2 site settings as column'),
('site', 'gifts_per_user', '{settings,giftsPerUser}', 30, 'integer', '3.2b settings'),
('site', 'default_language', '{defaultLanguage}', 20, 'text', '3.2 site settings as column'),
('site', 'default_language', '{settings,defaultLanguage}', 30, 'text', '3.2c settings'),
('site', 'default_currency', '{defaultCurrency}', 20, 'upper', '3.2 site settings as column'),
('site', 'default_currency', '{settings,defaultCurrency}', 30, 'upper', '3.2b settings'),
('site', 'default_country', '{defaultCountry}', 20, 'upper', '3.2 site settings as column'),
('site', 'default_country', '{settings,defaultCountry}', 30, 'upper', '3.2 settings'),
('site', 'available_languages', '{availableLanguages}', 20, 'text_array', '3.2a multi-language fields'),
('site', 'available_languages', '{settings,languages}', 30, 'text_array', '3.2c settings.languages'),
('site', 'show_pricing', '{showPricing}', 20, 'boolean', '3.2 site settings as column'),
('site', 'show_pricing', '{settings,showPricing}', 30, 'boolean', '3.2c settings'),
('site', 'skip_landing_page', '{skipLandingPage}', 20, 'boolean', '3.2 site settings as column'),
('site', 'skip_landing_page', '{settings,skipLandingPage}', 30, 'boolean', '3.2c settings'),
(
    'site', 'allow_quantity_selection', '{settings,allowQuantitySelection}', 30, 'boolean',
    '3.2 site settings as column'
),
('site', 'skip_review_page', '{settings,skipReviewPage}', 30, 'boolean', '3.2 site settings as column'),
('site', 'default_gift_id', '{defaultGiftId}', 20, 'ref:product', '3.2 site settings as column'),
('site', 'default_gift_id', '{settings,defaultGiftId}', 30, 'ref:product', '3.2 settings'),
(
    'site', 'default_gift_days_after_close', '{settings,defaultGiftDaysAfterClose}', 30, 'integer',
    '3.2 site settings as column'
),
('site', 'expired_message', '{settings,expiredMessage}', 30, 'text', '3.2 site settings as column'),
('site', 'site_celebrations_enabled', '{settings,enableCelebrations}', 30, 'boolean', '3.2c settings'),
('site', 'page_config', '{pageConfigurations}', 30, 'member', '3.2b CRUD page configurations'),
('site', 'page_config', '{landingPage}', 40, 'member', '3.2c demo site; 9.16'),
('site', 'page_config', '{welcomePage}', 50, 'member', '3.2c demo site; 9.16'),
('site', 'settings', '{settings}', 10, 'jsonb_object', '3.2 remaining settings (mapped members removed)'),
('site', 'created_at', '{createdAt}', 20, 'timestamptz', '3.2b CRUD metadata'),
('site', 'updated_at', '{updatedAt}', 20, 'timestamptz', '3.2b CRUD metadata'),
('catalog', 'source', '{source}', 10, 'jsonb_object', '3.3 source (credentials removed)'),
(
    'catalog', 'source_credentials_secret', '{source,apiConfig,credentials}', 10, 'member',
    '3.3 apiConfig.credentials; 9.19'
),
('catalog', 'settings', '{settings}', 10, 'jsonb_object', '3.3 settings'),
('catalog', 'managed_by', '{managedBy}', 20, 'text', '3.3'),
('catalog', 'owner_id', '{owner_id}', 10, 'ref:client', '3.3'),
('catalog', 'owner_id', '{ownerId}', 20, 'ref:client', '3.3 ownerId (client id)'),
('catalog', 'total_products', '{totalProducts}', 20, 'integer', '3.3'),
('catalog', 'active_products', '{activeProducts}', 20, 'integer', '3.3'),
('catalog', 'last_synced_at', '{lastSyncedAt}', 20, 'timestamptz', '3.3'),
('catalog', 'next_sync_at', '{nextSyncAt}', 20, 'timestamptz', '3.3'),
('catalog', 'created_at', '{createdAt}', 20, 'timestamptz', '3.3'),
('catalog', 'updated_at', '{updatedAt}', 20, 'timestamptz', '3.3'),
('product', 'catalog_id', '{catalog_id}', 10, 'ref:catalog', '3.4'),
('product', 'catalog_id', '{catalogId}', 20, 'ref:catalog', '3.4a top-level catalogId; 9.7'),
('product', 'catalog_id', '{source,catalogId}', 30, 'ref:catalog', '3.4a nested source.catalogId; 9.7'),
('product', 'sku', '{sku}', 10, 'text', '3.4'),
('product', 'external_id', '{externalId}', 20, 'text', '3.4a'),
('product', 'external_id', '{source,externalId}', 30, 'text', '3.4a nested'),
('product', 'external_sku', '{externalSku}', 20, 'text', '3.4a'),
('product', 'external_sku', '{source,externalSku}', 30, 'text', '3.4a nested'),
('product', 'price', '{price}', 10, 'numeric', '3.4 (price may be a string, 9.12)'),
('product', 'currency', '{currency}', 10, 'upper', '3.4'),
('product', 'image_url', '{imageUrl}', 20, 'text', '3.4a/c; 9.7'),
('product', 'image_url', '{image}', 30, 'text', '3.4b/d legacy image; 9.7'),
('product', 'features', '{features}', 10, 'jsonb_array', '3.4a array or comma string (9.14)'),
('product', 'features', '{attributes,features}', 30, 'jsonb_array', '3.4d bulk import comma string'),
('product', 'specifications', '{specifications}', 10, 'jsonb_object', '3.4a'),
('product', 'specifications', '{attributes,specifications}', 30, 'jsonb_object', '3.4d bulk import'),
('product', 'available_quantity', '{availableQuantity}', 20, 'integer', '3.4a/b/d; 9.7'),
('product', 'available_quantity', '{inventoryQuantity}', 30, 'integer', '3.4c CRUD; 9.7'),
('product', 'available_quantity', '{stock}', 40, 'integer', '3.4e test seed; 9.7'),
('product', 'available_quantity', '{inventory,available}', 50, 'integer', '3.4d bulk import; 9.7'),
('product', 'track_inventory', '{trackInventory}', 20, 'boolean', '3.3 settings name'),
('product', 'track_inventory', '{inventoryTracking}', 30, 'boolean', '3.4c CRUD'),
('product', 'status', '{deleted}', 5, 'flag:discontinued', '9.18 soft-deleted gifts map to discontinued'),
('product', 'status', '{isActive}', 30, 'active_flag', '3.4e test seed; 9.7'),
('product', 'sync_status', '{syncStatus}', 20, 'text', '3.4a'),
('product', 'sync_status', '{source,syncStatus}', 30, 'text', '3.4a nested'),
('product', 'sync_notes', '{syncNotes}', 20, 'text', '3.4a'),
('product', 'sync_notes', '{source,syncNotes}', 30, 'text', '3.4a nested'),
('product', 'last_synced_at', '{lastSyncedAt}', 20, 'timestamptz', '3.4a'),
('product', 'last_synced_at', '{source,lastSyncedAt}', 30, 'timestamptz', '3.4a nested'),
('product', 'created_at', '{createdAt}', 20, 'timestamptz', '3.4'),
('product', 'updated_at', '{updatedAt}', 20, 'timestamptz', '3.4'),
(
    'employee', 'site_id', '{$key,parent_id}', 5, 'ref:site',
    '2.1 employee:{siteId}:{empId}: the site may exist only in the key'
),
('employee', 'site_id', '{site_id}', 10, 'ref:site', '3.6a'),
('employee', 'site_id', '{siteId}', 20, 'ref:site', '3.6b/c/d'),
('employee', 'employee_id', '{employeeId}', 20, 'text', '3.6b/c/d'),
('employee', 'employee_id', '{$legacy_id}', 90, 'text', 'employees.employee_id falls back to the KV id'),
('employee', 'email', '{email}', 10, 'text', '3.6 ('''' maps to NULL)'),
('employee', 'serial_card_number', '{serialCardNumber}', 20, 'text', 'camelCase of the column'),
('employee', 'serial_card_number', '{serialCard}', 30, 'text', '3.6b/c; 9.7'),
('employee', 'first_name', '{firstName}', 20, 'text', '3.6d; 9.7'),
('employee', 'first_name', '{name}', 40, 'first_name', '3.6b/c single full name; 9.7'),
('employee', 'last_name', '{lastName}', 20, 'text', '3.6d; 9.7'),
('employee', 'last_name', '{name}', 40, 'last_name', '3.6b/c single full name; 9.7'),
('employee', 'full_name', '{fullName}', 20, 'text', 'camelCase of the column'),
('employee', 'full_name', '{name}', 30, 'text', '3.6b/c single full name kept verbatim'),
('employee', 'hire_date', '{hireDate}', 20, 'date', '3.6b'),
('employee', 'anniversary_date', '{anniversaryDate}', 20, 'date', '3.6b'),
('employee', 'created_at', '{createdAt}', 20, 'timestamptz', '3.6'),
('employee', 'updated_at', '{updatedAt}', 20, 'timestamptz', '3.6'),
('order', 'client_id', '{client_id}', 10, 'ref:client', '3.7a'),
('order', 'client_id', '{clientId}', 20, 'ref:client', '3.7d'),
('order', 'site_id', '{$key,parent_id}', 5, 'ref:site', '2.1 order:{siteId}:{uuid}'),
('order', 'site_id', '{site_id}', 10, 'ref:site', '3.7a'),
('order', 'site_id', '{siteId}', 20, 'ref:site', '3.7c/d'),
('order', 'product_id', '{product_id}', 10, 'ref:product', '3.7a; 9.7'),
('order', 'product_id', '{productId}', 20, 'ref:product', 'camelCase of the column'),
('order', 'product_id', '{gift_id}', 30, 'ref:product', '3.7a; 9.7'),
('order', 'product_id', '{giftId}', 40, 'ref:product', '3.7c/d; 9.7'),
('order', 'employee_id', '{employee_id}', 10, 'ref:employee@site_id', '3.7a (employee UUIDs are scoped by site)'),
('order', 'employee_id', '{employeeId}', 20, 'ref:employee@site_id', '3.7c/d'),
('order', 'customer_employee_id', '{customerEmployeeId}', 20, 'text', 'camelCase of the column'),
('order', 'customer_employee_id', '{employeeId}', 30, 'text', '3.7c/d snapshot of the employee id'),
('order', 'order_number', '{orderNumber}', 20, 'text', '3.7c/d; 9.7'),
('order', 'order_number', '{$legacy_id}', 90, 'text', 'CRUD orderNumber equals the id'),
('order', 'customer_name', '{customerName}', 20, 'text', 'camelCase of the column'),
('order', 'customer_name', '{employeeName}', 30, 'text', '3.7c/d'),
('order', 'customer_name', '{shippingAddress,fullName}', 40, 'text', '3.7d'),
('order', 'customer_name', '{shippingAddress,name}', 50, 'text', '3.7c/e'),
('order', 'customer_name', '{shipping_address,name}', 60, 'text', '3.7e database seed'),
('order', 'customer_email', '{customerEmail}', 20, 'text', 'camelCase of the column'),
('order', 'customer_email', '{employeeEmail}', 30, 'text', '3.7c/d; 9.7'),
('order', 'total_amount', '{totalAmount}', 20, 'numeric', 'camelCase of the column'),
('order', 'total_amount', '{totalValue}', 30, 'numeric', '3.7d; 9.7'),
('order', 'total_amount', '{totalPrice}', 40, 'numeric', '3.7e; 9.7'),
('order', 'total_amount', '{itemValue}', 50, 'multiply:quantity', '3.7d itemValue x quantity; 9.7'),
('order', 'currency', '{currency}', 10, 'upper', '3.7'),
('order', 'shipping_address', '{shipping_address}', 10, 'address', '3.7a/b/e; 9.7 address variants'),
('order', 'shipping_address', '{shippingAddress}', 20, 'address', '3.7c/d/e; 9.7 address variants'),
('order', 'tracking_number', '{trackingNumber}', 20, 'text', '3.7c/d'),
('order', 'confirmed_at', '{confirmedAt}', 20, 'timestamptz', 'lifecycle timestamps'),
('order', 'shipped_at', '{shippedAt}', 20, 'timestamptz', '3.7d'),
('order', 'delivered_at', '{deliveredAt}', 20, 'timestamptz', '3.7d'),
('order', 'cancelled_at', '{cancelledAt}', 20, 'timestamptz', 'lifecycle timestamps'),
('order', 'created_at', '{createdAt}', 20, 'timestamptz', '3.7c/d'),
('order', 'updated_at', '{updatedAt}', 20, 'timestamptz', '3.7c/d'),
('admin_user', 'auth_user_id', '{supabaseUserId}', 20, 'uuid', '3.8'),
('admin_user', 'full_name', '{fullName}', 20, 'text', 'camelCase of the column'),
('admin_user', 'full_name', '{name}', 30, 'text', 'display name'),
('admin_user', 'all_clients', '{clientAccess}', 30, 'all_flag', '3.8 clientAccess ''all''; 9.14'),
('admin_user', 'client_ids', '{clientAccess}', 30, 'ref_array:client', '3.8 clientAccess array; 9.14'),
('admin_user', 'all_sites', '{siteAccess}', 30, 'all_flag', '3.8 siteAccess ''all'''),
('admin_user', 'site_ids', '{siteAccess}', 30, 'ref_array:site', '3.8 siteAccess array'),
('admin_user', 'require_password_change', '{requirePasswordChange}', 20, 'boolean', '3.8'),
('admin_user', 'last_login_at', '{lastLoginAt}', 20, 'timestamptz', 'camelCase of the column'),
('admin_user', 'last_login_at', '{lastLogin}', 30, 'timestamptz', '3.8'),
(
    'admin_user', 'last_password_change_at', '{lastPasswordChange}', 30, 'timestamptz',
    '3.8 (may carry +00:00 offsets)'
),
('admin_user', 'created_by', '{createdBy}', 20, 'text', '3.8'),
(
    'admin_user', 'created_at', '{createdAt}', 20, 'timestamptz',
    '3.8 (auth timestamps with microseconds and +00:00)'
),
('brand', 'client_id', '{client_id}', 10, 'ref:client', 'brands table'),
('brand', 'client_id', '{clientId}', 20, 'ref:client', '3.13'),
('brand', 'primary_color', '{primaryColor}', 20, 'text', '3.13'),
('brand', 'secondary_color', '{secondaryColor}', 20, 'text', '3.13'),
('brand', 'tertiary_color', '{tertiaryColor}', 20, 'text', '3.13'),
('brand', 'background_color', '{backgroundColor}', 20, 'text', '3.13'),
('brand', 'text_color', '{textColor}', 20, 'text', '3.13'),
('brand', 'heading_font', '{headingFont}', 20, 'text', '3.13'),
('brand', 'body_font', '{bodyFont}', 20, 'text', '3.13'),
('brand', 'logo_url', '{logoUrl}', 20, 'text', '3.13'),
('brand', 'favicon_url', '{faviconUrl}', 20, 'text', '3.13'),
('brand', 'contact_email', '{contactEmail}', 20, 'text', '3.13'),
('brand', 'contact_phone', '{contactPhone}', 20, 'text', '3.13'),
('brand', 'website_url', '{websiteUrl}', 20, 'text', '3.13'),
('brand', 'created_at', '{createdAt}', 20, 'timestamptz', '3.13'),
('brand', 'updated_at', '{updatedAt}', 20, 'timestamptz', '3.13'),
('audit_log', 'entity_type', '{resourceName}', 30, 'text', '3.9 CRUD audit'),
('audit_log', 'entity_type', '{resource_type}', 40, 'text', '9.15 audit_log.ts'),
('audit_log', 'entity_id', '{resourceId}', 30, 'uuid', '3.9 (non-UUID ids stay in extra)'),
('audit_log', 'entity_id', '{resource_id}', 40, 'uuid', '9.15 audit_log.ts'),
('audit_log', 'user_id', '{userId}', 20, 'uuid', '3.9 (anonymous, admin-x stay in extra)'),
('audit_log', 'user_email', '{userEmail}', 20, 'text', 'camelCase of the column'),
('audit_log', 'user_email', '{email}', 30, 'text', '3.9 security audit'),
('audit_log', 'ip_address', '{ipAddress}', 20, 'inet', 'camelCase of the column'),
('audit_log', 'ip_address', '{ip}', 30, 'inet', '3.9 security audit (''unknown'' is not an address)'),
('audit_log', 'user_agent', '{userAgent}', 20, 'text', '3.9 security audit'),
('audit_log', 'details', '{details}', 10, 'jsonb_object', '3.9'),
('audit_log', 'details', '{metadata}', 40, 'jsonb_object', '9.15 audit_log.ts'),
('audit_log', 'error_message', '{errorMessage}', 20, 'text', 'camelCase of the column'),
('audit_log', 'created_at', '{createdAt}', 20, 'timestamptz', 'camelCase of the column'),
('audit_log', 'created_at', '{timestamp}', 30, 'timestamptz', '3.9'),
('site_catalog_config', 'site_id', '{$key,parent_id}', 5, 'ref:site', '2.1 sites:{siteId}:catalog_config'),
('site_catalog_config', 'site_id', '{siteId}', 20, 'ref:site', '3.5'),
('site_catalog_config', 'catalog_id', '{catalogId}', 20, 'ref:catalog', '3.5'),
('site_catalog_config', 'is_default', '{isDefault}', 20, 'boolean', '3.5'),
('site_catalog_config', 'priority', '{priority}', 10, 'integer', '3.5'),
('site_catalog_config', 'settings', '{overrides}', 30, 'member', '3.5 overrides'),
('site_catalog_config', 'settings', '{availability}', 40, 'member', '3.5 availability'),
('site_catalog_config', 'settings', '{exclusions,excludedTags}', 50, 'member', '3.5 exclusions by tag'),
('site_catalog_config', 'settings', '{exclusions,excludedBrands}', 60, 'member', '3.5 exclusions by brand'),
('site_catalog_config', 'created_by', '{createdBy}', 20, 'text', '3.5'),
('site_catalog_config', 'updated_by', '{updatedBy}', 20, 'text', '3.5'),
('site_catalog_config', 'created_at', '{createdAt}', 20, 'timestamptz', '3.5'),
('site_catalog_config', 'updated_at', '{updatedAt}', 20, 'timestamptz', '3.5'),
('site_gift_config', 'site_id', '{$key,parent_id}', 5, 'ref:site', '2.1 site_configs:{siteId}'),
('site_gift_config', 'site_id', '{siteId}', 20, 'ref:site', '3.5'),
('site_gift_config', 'assignment_strategy', '{assignmentStrategy}', 20, 'text', '3.5; 9.11'),
('site_gift_config', 'price_levels', '{priceLevels}', 20, 'jsonb_array', '3.5'),
('site_gift_config', 'selected_level_id', '{selectedLevelId}', 20, 'text', '3.5'),
('site_gift_config', 'created_at', '{createdAt}', 20, 'timestamptz', '3.5'),
('site_gift_config', 'updated_at', '{updatedAt}', 20, 'timestamptz', '3.5'),
(
    'site_product_assignment', 'site_id', '{$key,parent_id}', 5, 'ref:site',
    '2.1 site-gift-assignment:{siteId}:{giftId}'
),
('site_product_assignment', 'site_id', '{siteId}', 20, 'ref:site', '3.5'),
('site_product_assignment', 'product_id', '{giftId}', 20, 'ref:product', '3.5'),
('site_product_assignment', 'product_id', '{gift_id}', 30, 'ref:product', '9.7 gift reference'),
('site_product_assignment', 'product_id', '{productId}', 40, 'ref:product', 'camelCase of the column'),
('site_product_assignment', 'product_id', '{$key,entity_id}', 50, 'ref:product', '2.1 gift id in the key'),
('site_product_assignment', 'is_active', '{isActive}', 20, 'boolean', 'camelCase of the column'),
('site_product_assignment', 'is_active', '{active}', 30, 'boolean', '3.5 demo seed'),
('site_product_assignment', 'display_order', '{displayOrder}', 20, 'integer', '3.5'),
('site_product_assignment', 'quantity_limit', '{quantityLimit}', 20, 'integer', '3.5'),
('site_product_assignment', 'created_at', '{createdAt}', 20, 'timestamptz', '3.5'),
('hris_connection', 'client_id', '{clientId}', 20, 'ref:client', '3.10'),
('hris_connection', 'site_id', '{siteId}', 20, 'ref:site', '3.10'),
('hris_connection', 'site_ids', '{siteIds}', 20, 'ref_array:site', '3.10'),
('hris_connection', 'provider_id', '{providerId}', 20, 'text', '3.10'),
('hris_connection', 'provider_name', '{providerName}', 20, 'text', '3.10'),
('hris_connection', 'display_name', '{displayName}', 20, 'text', '3.10'),
('hris_connection', 'auth_type', '{authType}', 20, 'text', '3.10'),
('hris_connection', 'credentials_secret', '{credentials}', 10, 'jsonb_object', '3.10 plaintext credentials; 9.19'),
('hris_connection', 'field_mapping', '{fieldMapping}', 20, 'jsonb_object', '3.10'),
('hris_connection', 'sync_schedule', '{syncSchedule}', 20, 'jsonb_object', '3.10 (mapped members removed)'),
('hris_connection', 'sync_config', '{syncConfig}', 20, 'jsonb_object', '3.10'),
('hris_connection', 'sync_enabled', '{syncSchedule,enabled}', 30, 'boolean', '3.10'),
('hris_connection', 'sync_frequency', '{syncSchedule,frequency}', 30, 'text', '3.10'),
('hris_connection', 'last_synced_at', '{syncSchedule,lastSync}', 30, 'timestamptz', '3.10'),
('hris_connection', 'next_sync_at', '{syncSchedule,nextSync}', 30, 'timestamptz', '3.10'),
('hris_connection', 'created_by', '{createdBy}', 20, 'text', '3.10'),
('hris_connection', 'created_at', '{createdAt}', 20, 'timestamptz', '3.10'),
('hris_connection', 'updated_at', '{updatedAt}', 20, 'timestamptz', '3.10'),
('hris_sync', 'connection_id', '{connectionId}', 20, 'ref:hris_connection', '3.10'),
('hris_sync', 'started_at', '{startTime}', 30, 'timestamptz', '3.10'),
('hris_sync', 'ended_at', '{endTime}', 30, 'timestamptz', '3.10'),
('hris_sync', 'records_processed', '{recordsProcessed}', 20, 'integer', '3.10'),
('hris_sync', 'records_created', '{recordsCreated}', 20, 'integer', '3.10'),
('hris_sync', 'records_updated', '{recordsUpdated}', 20, 'integer', '3.10'),
('hris_sync', 'records_skipped', '{recordsSkipped}', 20, 'integer', '3.10'),
('hris_sync', 'records_failed', '{recordsFailed}', 20, 'integer', '3.10'),
('scheduled_trigger_log', 'processed_at', '{processedAt}', 20, 'timestamptz', '3.11'),
('scheduled_trigger_log', 'selection_expiring', '{selectionExpiring}', 20, 'jsonb_array', '3.11'),
('scheduled_trigger_log', 'anniversary_approaching', '{anniversaryApproaching}', 20, 'jsonb_array', '3.11'),
('scheduled_trigger_log', 'total_sent', '{totalSent}', 20, 'integer', '3.11'),
('scheduled_trigger_log', 'total_failed', '{totalFailed}', 20, 'integer', '3.11'),
('scheduled_trigger_log', 'duration_ms', '{duration}', 30, 'integer', '3.11 duration in ms'),
('email_template', 'event_type', '{eventType}', 20, 'text', 'camelCase of the column'),
('email_template', 'event_type', '{templateType}', 30, 'text', '3.12 CRUD template'),
('email_template', 'event_type', '{type}', 40, 'text', '3.12'),
(
    'email_template', 'event_type', '{$legacy_id}', 90, 'text',
    'fixed ids shipping-notification, delivery-confirmation'
),
('email_template', 'subject', '{subjectLine}', 30, 'text', '3.12 KV template'),
('email_template', 'preheader_text', '{preheaderText}', 20, 'text', '3.12 KV template'),
('email_template', 'body_html', '{htmlContent}', 30, 'text', '3.12 KV template'),
('email_template', 'body_html', '{body}', 40, 'text', '3.12 CRUD template'),
('email_template', 'body_text', '{textContent}', 30, 'text', '3.12 KV template'),
('email_template', 'variables', '{variables}', 10, 'jsonb_array', '3.12 (string array)'),
('email_template', 'usage_count', '{usageCount}', 20, 'integer', '3.12 KV template'),
('email_template', 'last_sent_at', '{lastSent}', 30, 'timestamptz', '3.12 KV template'),
('email_template', 'updated_by', '{updatedBy}', 20, 'text', 'camelCase of the column'),
('email_template', 'updated_by', '{modifiedBy}', 30, 'text', '3.12 KV template'),
('email_template', 'created_at', '{createdAt}', 20, 'timestamptz', '3.12'),
('email_template', 'updated_at', '{updatedAt}', 20, 'timestamptz', 'camelCase of the column'),
('email_template', 'updated_at', '{lastModified}', 30, 'timestamptz', '3.12 KV template'),
('global_template', 'event_type', '{eventType}', 20, 'text', 'camelCase of the column'),
('global_template', 'event_type', '{type}', 30, 'text', '3.12 global template type'),
('global_template', 'subject', '{defaultSubject}', 30, 'text', '3.12'),
('global_template', 'body_html', '{defaultHtmlContent}', 30, 'text', '3.12'),
('global_template', 'body_text', '{defaultTextContent}', 30, 'text', '3.12'),
('global_template', 'sms_content', '{defaultSmsContent}', 30, 'text', '3.12'),
('global_template', 'push_title', '{defaultPushTitle}', 30, 'text', '3.12'),
('global_template', 'push_body', '{defaultPushBody}', 30, 'text', '3.12'),
('global_template', 'variables', '{variables}', 10, 'jsonb_array', '3.12 (strings or objects)'),
('global_template', 'is_system', '{isSystem}', 20, 'boolean', '3.12'),
('global_template', 'created_at', '{createdAt}', 20, 'timestamptz', '3.12'),
('global_template', 'updated_at', '{updatedAt}', 20, 'timestamptz', '3.12'),
('site_template', 'site_id', '{siteId}', 20, 'ref:site', '3.12'),
('site_template', 'parent_template_id', '{globalTemplateId}', 30, 'ref:global_template', '3.12'),
('site_template', 'event_type', '{eventType}', 20, 'text', 'camelCase of the column'),
('site_template', 'event_type', '{type}', 30, 'text', '3.12'),
('site_template', 'body_html', '{htmlContent}', 30, 'text', '3.12'),
('site_template', 'body_text', '{textContent}', 30, 'text', '3.12'),
('site_template', 'email_enabled', '{emailEnabled}', 20, 'boolean', '3.12'),
('site_template', 'sms_enabled', '{smsEnabled}', 20, 'boolean', '3.12'),
('site_template', 'push_enabled', '{pushEnabled}', 20, 'boolean', '3.12'),
('site_template', 'sms_content', '{smsContent}', 20, 'text', '3.12'),
('site_template', 'push_title', '{pushTitle}', 20, 'text', '3.12'),
('site_template', 'push_body', '{pushBody}', 20, 'text', '3.12'),
('site_template', 'status', '{enabled}', 30, 'active_flag', '3.12 enabled flag'),
('site_template', 'settings', '{gdprSettings}', 30, 'member', '3.12'),
('site_template', 'settings', '{reminderSettings}', 40, 'member', '3.12'),
('site_template', 'created_at', '{createdAt}', 20, 'timestamptz', '3.12'),
('site_template', 'updated_at', '{updatedAt}', 20, 'timestamptz', '3.12'),
('webhook', 'site_id', '{$key,parent_id}', 5, 'ref:site', '2.4 webhook:{siteId}:{id}'),
('webhook', 'site_id', '{siteId}', 20, 'ref:site', '3.12'),
('webhook', 'signing_secret', '{secret}', 10, 'text', '3.12 webhook secret; 9.19'),
('webhook', 'signing_secret', '{signingSecret}', 20, 'text', 'camelCase of the column'),
('webhook', 'events', '{events}', 10, 'text_array', '3.12'),
('webhook', 'created_by', '{createdBy}', 20, 'text', '3.12'),
('webhook', 'created_at', '{createdAt}', 20, 'timestamptz', '3.12'),
('webhook', 'updated_at', '{updatedAt}', 20, 'timestamptz', '3.12'),
('shipping_address', 'name', '{name}', 10, 'text', '3.7 address name'),
('shipping_address', 'name', '{fullName}', 20, 'text', '3.7d public checkout; 9.7'),
('shipping_address', 'name', '{full_name}', 30, 'text', 'snake_case of fullName'),
('shipping_address', 'line1', '{line1}', 10, 'text', '3.7e database seed; 9.7'),
('shipping_address', 'line1', '{addressLine1}', 20, 'text', '3.7c/d; 9.7'),
('shipping_address', 'line1', '{address_line1}', 30, 'text', 'snake_case of addressLine1'),
('shipping_address', 'line1', '{street}', 40, 'text', '3.7b/e; 9.7'),
('shipping_address', 'line1', '{address1}', 50, 'text', 'common spelling'),
('shipping_address', 'line2', '{line2}', 10, 'text', 'line2 spelling'),
('shipping_address', 'line2', '{addressLine2}', 20, 'text', '3.7c/d'),
('shipping_address', 'line2', '{address_line2}', 30, 'text', 'snake_case of addressLine2'),
('shipping_address', 'line2', '{address2}', 40, 'text', 'common spelling'),
('shipping_address', 'city', '{city}', 10, 'text', '3.7'),
('shipping_address', 'state', '{state}', 10, 'text', '3.7'),
('shipping_address', 'state', '{province}', 20, 'text', 'non-US spelling'),
('shipping_address', 'postal_code', '{postal_code}', 10, 'text', '3.7e database seed; 9.7'),
('shipping_address', 'postal_code', '{postalCode}', 20, 'text', '3.7b/c/d; 9.7'),
('shipping_address', 'postal_code', '{zip}', 30, 'text', '3.7e test seed; 9.7'),
('shipping_address', 'postal_code', '{zipCode}', 40, 'text', '3.7e benchmark; 9.7'),
('shipping_address', 'postal_code', '{zip_code}', 50, 'text', 'snake_case of zipCode'),
('shipping_address', 'country', '{country}', 10, 'text', '3.7'),
('shipping_address', 'phone', '{phone}', 10, 'text', '3.7c/d');
