"""Turning JSON Schema fragments into short words for the API reference page."""


def type_words(schema: dict) -> str:
    """A schema as a reader would say it: 'string (date-time) or null', 'Event[]'."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    if "anyOf" in schema:
        return " or ".join(type_words(part) for part in schema["anyOf"])
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    if "const" in schema:
        return repr(schema["const"])
    kind = schema.get("type", "any")
    if kind == "array":
        return type_words(schema.get("items", {})) + "[]"
    if kind == "object" and "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        inner = type_words(extra) if isinstance(extra, dict) else "any"
        return f"object of {inner}"
    limits = [
        f"{word} {schema[key]}"
        for key, word in (
            ("minimum", "min"),
            ("maximum", "max"),
            ("maxLength", "max length"),
        )
        if key in schema
    ]
    if "format" in schema:
        limits.insert(0, schema["format"])
    return kind + (f" ({', '.join(limits)})" if limits else "")
