//! The output contract as Python dicts.
//!
//! The dict of a document is the crate's own JSON line (the bytes the CLI
//! writes, from [`Document::write_json`]) parsed by Python's `json.loads`, so
//! it holds exactly the CLI's objects and follows any field the crate adds.
//! Character offsets are then added to every entity (`char_start`,
//! `char_end`) and relation (also `char_subject_span`, `char_object_span`,
//! `char_trigger_span`), unless the crate already writes them.

use super::CharIndex;
use chancery::Document;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList};

/// One document's JSON and character offsets, made without the GIL.
pub struct Prepared {
    json: Vec<u8>,
    entities: Vec<[usize; 2]>,
    relations: Vec<[[usize; 2]; 4]>,
}

impl Prepared {
    pub fn new(doc: &Document, text: &str) -> Prepared {
        let mut json = Vec::with_capacity(3 * text.len() + 64);
        doc.write_json(&mut json);
        let index = CharIndex::new(text);
        let entities = doc
            .entities
            .iter()
            .map(|e| index.span([e.start, e.end]))
            .collect();
        let relations = doc
            .relations
            .iter()
            .map(|r| {
                [
                    index.span([r.start, r.end]),
                    index.span([r.subject_span.start, r.subject_span.end]),
                    index.span([r.object_span.start, r.object_span.end]),
                    index.span([r.trigger_span.start, r.trigger_span.end]),
                ]
            })
            .collect();
        Prepared {
            json,
            entities,
            relations,
        }
    }

    /// The document's dict; needs the GIL.
    pub fn into_py<'py>(
        self,
        py: Python<'py>,
        loads: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let doc = loads.call1((PyBytes::new(py, &self.json),))?;
        let dict = doc.cast::<PyDict>()?;
        for (entity, [start, end]) in items(dict, "entities")?.iter().zip(self.entities) {
            let entity = entity.cast_into::<PyDict>()?;
            entity.set_default("char_start", start)?;
            entity.set_default("char_end", end)?;
        }
        for (relation, [sentence, subject, object, trigger]) in
            items(dict, "relations")?.iter().zip(self.relations)
        {
            let relation = relation.cast_into::<PyDict>()?;
            relation.set_default("char_start", sentence[0])?;
            relation.set_default("char_end", sentence[1])?;
            relation.set_default("char_subject_span", subject)?;
            relation.set_default("char_object_span", object)?;
            relation.set_default("char_trigger_span", trigger)?;
        }
        Ok(doc)
    }
}

fn items<'py>(doc: &Bound<'py, PyDict>, key: &str) -> PyResult<Bound<'py, PyList>> {
    match doc.get_item(key)? {
        Some(list) => Ok(list.cast_into::<PyList>()?),
        None => Ok(PyList::empty(doc.py())),
    }
}

/// Python's `json.loads`.
pub fn json_loads(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    LOADS
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(py.import("json")?.getattr("loads")?.unbind())
        })
        .map(|f| f.bind(py).clone())
}
