-- Function: kv2rel.camel_to_snake
-- Purpose: the snake_case spelling of a JSON field name, with word breaks at lower->upper, acronym->word and
--          letter->digit boundaries: clientAddressLine1 -> client_address_line_1, imageURL -> image_url,
--          HTMLContent -> html_content, client_address_line1 -> client_address_line_1. Spaces and dashes become
--          underscores; runs of underscores collapse. Used by kv2rel.profile_kv to suggest aliases.
-- Usage (psql): SELECT kv2rel.camel_to_snake('clientAddressLine1');

CREATE OR REPLACE FUNCTION kv2rel.camel_to_snake(
    p_name text
)
RETURNS text
IMMUTABLE
PARALLEL SAFE
LANGUAGE sql
AS $function$
    SELECT lower(
               regexp_replace(
                   regexp_replace(
                       regexp_replace(
                           regexp_replace(
                               regexp_replace(btrim(p_name), '[[:space:]-]+', '_', 'g'),
                               '([A-Z]+)([A-Z][a-z])', '\1_\2', 'g'
                           ),
                           '([a-z0-9])([A-Z])', '\1_\2', 'g'
                       ),
                       '([A-Za-z])([0-9])', '\1_\2', 'g'
                   ),
                   '_{2,}', '_', 'g'
               )
           )
$function$;

COMMENT ON FUNCTION kv2rel.camel_to_snake(text) IS
'snake_case of a camelCase (or mixed) field name, breaking at lower->upper, acronym->word and letter->digit '
'boundaries: clientAddressLine1 -> client_address_line_1.';
