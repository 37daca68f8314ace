-- Function: kv2rel.snake_to_camel
-- Purpose: the lowerCamelCase spelling of a snake_case column name, the inverse of kv2rel.camel_to_snake:
--          client_address_line_1 -> clientAddressLine1, contact_email -> contactEmail. View kv2rel.field_sources
--          uses it to accept the camelCase spelling of every column.
-- Usage (psql): SELECT kv2rel.snake_to_camel('client_address_line_1');

CREATE OR REPLACE FUNCTION kv2rel.snake_to_camel(
    p_name text
)
RETURNS text
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT string_agg(
               CASE WHEN w.n = 1 THEN w.word ELSE upper(left(w.word, 1)) || substr(w.word, 2) END,
               '' ORDER BY w.n
           )
      FROM unnest(string_to_array(p_name, '_')) WITH ORDINALITY AS w (word, n)
$function$;

COMMENT ON FUNCTION kv2rel.snake_to_camel(text) IS
'lowerCamelCase of a snake_case name: client_address_line_1 -> clientAddressLine1 (inverse of camel_to_snake).';
