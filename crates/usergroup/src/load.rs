//! Step 2: read front matter into the [`crate::model`], keys matched case-insensitively.
