//! Step 7: write outputs atomically; the manifest rename is the commit point.
