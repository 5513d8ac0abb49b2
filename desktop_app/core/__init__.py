"""Plain-Python core: models, schema, store, importers and bundles. Never imports Qt."""
