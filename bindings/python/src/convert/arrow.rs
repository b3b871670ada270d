//! The output contract as Arrow columns: one record batch of entities and one
//! of relations per chunk of documents, built here and handed to Python
//! through the Arrow PyCapsule interface (`__arrow_c_array__`), which
//! pyarrow, polars and DuckDB import without copying.
//!
//! One row per entity or relation, with `doc_index` (the document's position
//! in the input list) and `doc_id` (the caller's id, or null) first; then
//! every field of the JSON object under its own name, a `[start, end]` span
//! as two columns (`subject_span` → `subject_start`, `subject_end`), and the
//! character offsets `char_start`, `char_end`. Offsets are int64, `year`
//! int32, flags bool; text is utf8. The README's "Spark" section documents
//! the schema; change it there too.

use super::CharIndex;
use arrow_array::builder::{BooleanBuilder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::ffi::to_ffi;
use arrow_array::{Array, ArrayRef, RecordBatch, StructArray};
use arrow_schema::{ArrowError, Field, Schema};
use chancery::{Document, Entity, Relation};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use std::sync::Arc;

/// One record batch, for Python: `pyarrow.record_batch(batch)` imports it.
#[pyclass(frozen, module = "chancery._chancery")]
pub struct ArrowBatch {
    batch: RecordBatch,
}

#[pymethods]
impl ArrowBatch {
    /// Rows in the batch.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batch.num_rows()
    }

    /// The Arrow PyCapsule interface: `(schema capsule, array capsule)` of a
    /// struct array holding the batch's columns.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        // The batch has one fixed schema; a consumer that wants another casts.
        let _ = requested_schema;
        let data = StructArray::from(self.batch.clone()).into_data();
        let (array, schema) = to_ffi(&data).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok((
            PyCapsule::new_with_value(py, schema, c"arrow_schema")?,
            PyCapsule::new_with_value(py, array, c"arrow_array")?,
        ))
    }
}

/// Entity and relation batches of consecutive documents; `first` is the
/// input position of `texts[0]`, `ids` the caller's ids of these documents.
pub fn arrow_batches(
    first: usize,
    texts: &[String],
    ids: Option<&[Option<String>]>,
    docs: &[Document],
) -> Result<(ArrowBatch, ArrowBatch), ArrowError> {
    let mut entities = EntityColumns::default();
    let mut relations = RelationColumns::default();
    for (k, (doc, text)) in docs.iter().zip(texts).enumerate() {
        let index = CharIndex::new(text);
        let id = ids.and_then(|ids| ids[k].as_deref());
        let at = (first + k) as i64;
        for e in &doc.entities {
            entities.push(at, id, e, &index);
        }
        for r in &doc.relations {
            relations.push(at, id, r, &index);
        }
    }
    Ok((
        ArrowBatch {
            batch: entities.finish()?,
        },
        ArrowBatch {
            batch: relations.finish()?,
        },
    ))
}

fn off(n: usize) -> i64 {
    n as i64
}

/// Columns of `(name, array)` as a record batch; the `nullable` ones may hold
/// nulls (the schema is the same for every batch, whatever its rows).
fn batch(columns: Vec<(&str, ArrayRef)>, nullable: &[&str]) -> Result<RecordBatch, ArrowError> {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, a)| Field::new(*name, a.data_type().clone(), nullable.contains(name)))
        .collect();
    let arrays = columns.into_iter().map(|(_, a)| a).collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
}

#[derive(Default)]
struct EntityColumns {
    doc_index: Int64Builder,
    doc_id: StringBuilder,
    id: StringBuilder,
    kind: StringBuilder,
    name: StringBuilder,
    text: StringBuilder,
    start: Int64Builder,
    end: Int64Builder,
    via: StringBuilder,
    char_start: Int64Builder,
    char_end: Int64Builder,
}

impl EntityColumns {
    fn push(&mut self, doc_index: i64, doc_id: Option<&str>, e: &Entity, index: &CharIndex) {
        self.doc_index.append_value(doc_index);
        self.doc_id.append_option(doc_id);
        self.id.append_value(&e.id);
        self.kind.append_value(e.kind.as_str());
        self.name.append_value(&e.name);
        self.text.append_value(&e.text);
        self.start.append_value(off(e.start));
        self.end.append_value(off(e.end));
        self.via.append_value(e.via.as_str());
        self.char_start.append_value(off(index.char_of(e.start)));
        self.char_end.append_value(off(index.char_of(e.end)));
    }

    fn finish(mut self) -> Result<RecordBatch, ArrowError> {
        batch(
            vec![
                ("doc_index", Arc::new(self.doc_index.finish())),
                ("doc_id", Arc::new(self.doc_id.finish())),
                ("id", Arc::new(self.id.finish())),
                ("kind", Arc::new(self.kind.finish())),
                ("name", Arc::new(self.name.finish())),
                ("text", Arc::new(self.text.finish())),
                ("start", Arc::new(self.start.finish())),
                ("end", Arc::new(self.end.finish())),
                ("via", Arc::new(self.via.finish())),
                ("char_start", Arc::new(self.char_start.finish())),
                ("char_end", Arc::new(self.char_end.finish())),
            ],
            &["doc_id"],
        )
    }
}

#[derive(Default)]
struct RelationColumns {
    doc_index: Int64Builder,
    doc_id: StringBuilder,
    kind: StringBuilder,
    subject: StringBuilder,
    object: StringBuilder,
    negated: BooleanBuilder,
    modality: StringBuilder,
    year: Int32Builder,
    rule: StringBuilder,
    cameo: StringBuilder,
    plover: StringBuilder,
    start: Int64Builder,
    end: Int64Builder,
    evidence: StringBuilder,
    role: StringBuilder,
    to: StringBuilder,
    verified: BooleanBuilder,
    spans: [[Int64Builder; 2]; 3],
    char_start: Int64Builder,
    char_end: Int64Builder,
}

impl RelationColumns {
    fn push(&mut self, doc_index: i64, doc_id: Option<&str>, r: &Relation, index: &CharIndex) {
        self.doc_index.append_value(doc_index);
        self.doc_id.append_option(doc_id);
        self.kind.append_value(r.kind.as_str());
        self.subject.append_value(&r.subject);
        self.object.append_value(&r.object);
        self.negated.append_value(r.negated);
        self.modality.append_value(r.modality.as_str());
        self.year.append_option(r.year.map(i32::from));
        self.rule.append_value(&r.rule);
        self.cameo.append_option(r.cameo.as_deref());
        self.plover.append_option(r.plover.as_deref());
        self.start.append_value(off(r.start));
        self.end.append_value(off(r.end));
        self.evidence.append_value(&r.evidence);
        self.role.append_option(r.role.map(|role| role.as_str()));
        self.to.append_option(r.to.as_deref());
        self.verified.append_option(r.verified);
        for (columns, span) in
            self.spans
                .iter_mut()
                .zip([r.subject_span, r.object_span, r.trigger_span])
        {
            columns[0].append_value(off(span.start));
            columns[1].append_value(off(span.end));
        }
        self.char_start.append_value(off(index.char_of(r.start)));
        self.char_end.append_value(off(index.char_of(r.end)));
    }

    fn finish(mut self) -> Result<RecordBatch, ArrowError> {
        let [subject, object, trigger] = &mut self.spans;
        batch(
            vec![
                ("doc_index", Arc::new(self.doc_index.finish())),
                ("doc_id", Arc::new(self.doc_id.finish())),
                ("type", Arc::new(self.kind.finish())),
                ("subject", Arc::new(self.subject.finish())),
                ("object", Arc::new(self.object.finish())),
                ("negated", Arc::new(self.negated.finish())),
                ("modality", Arc::new(self.modality.finish())),
                ("year", Arc::new(self.year.finish())),
                ("rule", Arc::new(self.rule.finish())),
                ("cameo", Arc::new(self.cameo.finish())),
                ("plover", Arc::new(self.plover.finish())),
                ("start", Arc::new(self.start.finish())),
                ("end", Arc::new(self.end.finish())),
                ("evidence", Arc::new(self.evidence.finish())),
                ("role", Arc::new(self.role.finish())),
                ("to", Arc::new(self.to.finish())),
                ("verified", Arc::new(self.verified.finish())),
                ("subject_start", Arc::new(subject[0].finish())),
                ("subject_end", Arc::new(subject[1].finish())),
                ("object_start", Arc::new(object[0].finish())),
                ("object_end", Arc::new(object[1].finish())),
                ("trigger_start", Arc::new(trigger[0].finish())),
                ("trigger_end", Arc::new(trigger[1].finish())),
                ("char_start", Arc::new(self.char_start.finish())),
                ("char_end", Arc::new(self.char_end.finish())),
            ],
            &[
                "doc_id", "year", "cameo", "plover", "role", "to", "verified",
            ],
        )
    }
}
