//! `chancery._chancery`: the compiled half of the Python package.
//!
//! A thin layer over the chancery crate. It owns only what Python needs and
//! the crate does not give: argument conversion, releasing the GIL around
//! extraction, a rayon pool per requested thread count, and the build error as
//! a Python exception. Every conversion of a [`chancery::Document`] into Python
//! objects or Arrow columns lives in [`convert`], in one place; the Python
//! package (`python/chancery/__init__.py`) adds file reading, pickling, the
//! lazy default extractor and pyarrow tables on top.

mod convert;
mod pool;

use chancery::{DocDate, Document, Extractor};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

pyo3::create_exception!(
    _chancery,
    BuildError,
    pyo3::exceptions::PyValueError,
    "A gazetteer or rule file could not be read or has a bad line; `path` and `line` say where."
);

/// The compiled extractor. Immutable: every method takes `&self`, and one
/// instance serves any number of Python threads at once.
#[pyclass(frozen, module = "chancery._chancery")]
struct Core {
    extractor: Extractor,
}

/// A gazetteer or rule source: the name it is known by (a file path) and its text.
type Source = (String, String);

#[pymethods]
impl Core {
    #[new]
    #[pyo3(signature = (gazetteers, rules, embedded_gazetteer = true, embedded_rules = true))]
    fn new(
        py: Python<'_>,
        gazetteers: Vec<Source>,
        rules: Vec<Source>,
        embedded_gazetteer: bool,
        embedded_rules: bool,
    ) -> PyResult<Core> {
        let mut builder = Extractor::builder();
        builder
            .embedded_gazetteer(embedded_gazetteer)
            .embedded_rules(embedded_rules);
        for (name, text) in gazetteers {
            builder.gazetteer_str(name, text);
        }
        for (name, text) in rules {
            builder.rules_str(name, text);
        }
        // Building takes a fraction of a second: other Python threads run meanwhile.
        let extractor = py
            .detach(|| builder.build().map_err(Box::new))
            .map_err(|e| build_error(py, &e))?;
        Ok(Core { extractor })
    }

    /// One document as a dict in the output contract (with `id` null).
    #[pyo3(signature = (text, date = None))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: String,
        date: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let date = parse_date(date, None)?;
        let prepared = py.detach(|| convert::Prepared::new(&self.run(&text, date), &text));
        prepared.into_py(py, &convert::json_loads(py)?)
    }

    /// Many documents as dicts, extracted without the GIL on `threads` threads.
    #[pyo3(signature = (texts, dates = None, threads = None))]
    fn extract_batch<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<String>,
        dates: Option<Vec<Option<String>>>,
        threads: Option<usize>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let dates = parse_dates(dates, texts.len())?;
        let prepared = py.detach(|| {
            pool::map(threads, &texts, |i, text| {
                convert::Prepared::new(&self.run(text, dates[i]), text)
            })
        })?;
        let loads = convert::json_loads(py)?;
        prepared
            .into_iter()
            .map(|p| p.into_py(py, &loads))
            .collect()
    }

    /// Entities and relations of many documents as Arrow record batches:
    /// `(entity_batches, relation_batches)`, each a list of objects with
    /// `__arrow_c_array__`.
    #[pyo3(signature = (texts, ids = None, dates = None, threads = None))]
    fn extract_arrow(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        ids: Option<Vec<Option<String>>>,
        dates: Option<Vec<Option<String>>>,
        threads: Option<usize>,
    ) -> PyResult<(Vec<convert::ArrowBatch>, Vec<convert::ArrowBatch>)> {
        let dates = parse_dates(dates, texts.len())?;
        if let Some(ids) = ids.as_ref().filter(|ids| ids.len() != texts.len()) {
            return Err(PyValueError::new_err(format!(
                "{} ids for {} texts",
                ids.len(),
                texts.len()
            )));
        }
        let chunks = py.detach(|| {
            pool::map_chunks(threads, &texts, |first, chunk| {
                let docs: Vec<Document> = chunk
                    .iter()
                    .enumerate()
                    .map(|(k, text)| self.run(text, dates[first + k]))
                    .collect();
                let ids = ids.as_ref().map(|ids| &ids[first..first + chunk.len()]);
                convert::arrow_batches(first, chunk, ids, &docs)
            })
        })?;
        let mut entities = Vec::with_capacity(chunks.len().max(1));
        let mut relations = Vec::with_capacity(chunks.len().max(1));
        for chunk in chunks {
            let (e, r) = chunk.map_err(|e| PyValueError::new_err(e.to_string()))?;
            entities.push(e);
            relations.push(r);
        }
        if entities.is_empty() {
            let (e, r) = convert::arrow_batches(0, &[], None, &[])
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
            entities.push(e);
            relations.push(r);
        }
        Ok((entities, relations))
    }

    /// Why chancery found what it found, as a dict (the CLI's `explain --json`).
    fn explain<'py>(&self, py: Python<'py>, text: String) -> PyResult<Bound<'py, PyAny>> {
        let json = py.detach(|| serde_json::to_vec(&self.extractor.explain(&text)));
        let json = json.map_err(|e| PyValueError::new_err(e.to_string()))?;
        convert::json_loads(py)?.call1((pyo3::types::PyBytes::new(py, &json),))
    }

    /// The explanation as the CLI's human-readable report.
    fn explain_text(&self, py: Python<'_>, text: String) -> String {
        py.detach(|| self.extractor.explain(&text).to_string())
    }
}

impl Core {
    fn run(&self, text: &str, date: Option<DocDate>) -> Document {
        match date {
            Some(d) => self.extractor.extract_on(text, d),
            None => self.extractor.extract(text),
        }
    }
}

/// The crate's build error as `BuildError`, with `path` and `line` attributes
/// where the error names them.
fn build_error(py: Python<'_>, e: &chancery::Error) -> PyErr {
    let (path, line) = match e {
        chancery::Error::Gazetteer(g) => (Some(g.path.clone()), Some(g.line)),
        chancery::Error::Rule(r) => (Some(r.path.clone()), Some(r.line)),
        chancery::Error::Io { path, .. } => (Some(path.display().to_string()), None),
        _ => (None, None),
    };
    let err = BuildError::new_err(e.to_string());
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail in practice;
    // if it did, the message still names the file and line.
    let _ = value.setattr("path", path);
    let _ = value.setattr("line", line);
    err
}

fn parse_date(date: Option<&str>, index: Option<usize>) -> PyResult<Option<DocDate>> {
    date.map(|d| {
        d.parse::<DocDate>().map_err(|e| match index {
            Some(i) => PyValueError::new_err(format!("dates[{i}]: {e}")),
            None => PyValueError::new_err(e.to_string()),
        })
    })
    .transpose()
}

fn parse_dates(dates: Option<Vec<Option<String>>>, n: usize) -> PyResult<Vec<Option<DocDate>>> {
    let Some(dates) = dates else {
        return Ok(vec![None; n]);
    };
    if dates.len() != n {
        return Err(PyValueError::new_err(format!(
            "{} dates for {n} texts",
            dates.len()
        )));
    }
    dates
        .iter()
        .enumerate()
        .map(|(i, d)| parse_date(d.as_deref(), Some(i)))
        .collect()
}

#[pymodule]
fn _chancery(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Core>()?;
    m.add_class::<convert::ArrowBatch>()?;
    m.add("BuildError", m.py().get_type::<BuildError>())?;
    Ok(())
}
