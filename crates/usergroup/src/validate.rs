//! Step 3: rules over the loaded model, reported as [`crate::diagnostic::Diagnostic`]s.
