//! Flat fact tables: one row per fact (JSON Lines, CSV, Parquet) and one row per claim (Parquet), for
//! notebooks and databases that want a table rather than nested records.
//!
//! Every fact row has the [`FACT_COLUMNS`] in that order, always all of them: the document's, the claim's, the
//! fact's own, then the value's fields flattened (`timex`, `start`, `end`, `mod`, `granularity`, `amount`,
//! `low`, `high`, `unit`, `currency`, `fraction`, `direction`, `total`, `entity_id` for the value's `id`,
//! `name`, `category`, `country`), each empty where the value has no such field, and `value_json` holding the
//! whole value as JSON text (keys sorted), so nothing is lost. JSON Lines writes an absent cell as `null`, CSV
//! (RFC 4180 quoting, one header row) as an empty cell. Spans are half-open: bytes (`byte_start`, `byte_end`,
//! and the claim's `claim_start`, `claim_end`) and code points (`char_start`, `char_end`); `line` and
//! `column` are 1-based, the column in code points.
//!
//! Rows are built from a record whatever its value type ([`Record`] as the pipeline makes it, or
//! `Record<serde_json::Value>` read back): the value is read through its JSON form, the one the record file
//! holds.
//!
//! ```
//! use claimscan::Extractor;
//! use claimscan::document::Document;
//! use claimscan::output::flat;
//!
//! let extractor = Extractor::embedded().unwrap();
//! let doc = Document::from_str("a.txt", "Inflation rose 3 percent in March 2026.", None);
//! let record = extractor.extract(&doc);
//! let rows = flat::fact_rows(&record);
//! assert_eq!(rows.len(), record.claims.iter().map(|c| c.facts.len()).sum::<usize>());
//! let csv = String::from_utf8(flat::csv_header()).unwrap();
//! assert!(csv.starts_with("path,doc_date,sha256,claim_id,"));
//! ```

use std::io::{self, Write};
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, Int64Builder, ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::model::value::FactType;
use crate::record::{Claim, FactCounts, Record};

/// The kind of a column's cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Str,
    /// A whole number (offsets, lines, counts).
    Int,
    /// A floating-point number (amounts).
    Float,
    /// A list of texts (a claim's kinds).
    List,
}

/// The columns of a fact row, in order: name, kind, meaning.
pub const FACT_COLUMNS: [(&str, Kind, &str); 35] = [
    (
        "path",
        Kind::Str,
        "the document's path as the user named it (a JSON Lines input's id)",
    ),
    (
        "doc_date",
        Kind::Str,
        "the document's publication date YYYY-MM-DD, when known",
    ),
    ("sha256", Kind::Str, "SHA-256 of the document file's bytes"),
    ("claim_id", Kind::Str, "the claim's stable id"),
    (
        "claim_role",
        Kind::Str,
        "where the claim stands: title, heading or body",
    ),
    (
        "claim_text",
        Kind::Str,
        "the claim's sentence as the file has it",
    ),
    ("claim_start", Kind::Int, "first byte of the claim"),
    ("claim_end", Kind::Int, "byte after the claim"),
    (
        "type",
        Kind::Str,
        "the fact type: date, percentage, money, quantity, organization, policy",
    ),
    (
        "text",
        Kind::Str,
        "the words that carry the value, as the file has them",
    ),
    ("byte_start", Kind::Int, "first byte of the fact"),
    ("byte_end", Kind::Int, "byte after the fact"),
    ("char_start", Kind::Int, "first code point of the fact"),
    ("char_end", Kind::Int, "code point after the fact"),
    ("line", Kind::Int, "1-based line of the fact's start"),
    (
        "column",
        Kind::Int,
        "1-based column of the fact's start, in code points",
    ),
    ("rule", Kind::Str, "the id of the rule that found it"),
    (
        "timex",
        Kind::Str,
        "date: the TIMEX3 value (2026-01-15, 2026-Q1, P30D)",
    ),
    ("start", Kind::Str, "date: first calendar day covered"),
    ("end", Kind::Str, "date: last calendar day covered"),
    (
        "mod",
        Kind::Str,
        "date or amount modifier (APPROX, BEFORE, AT_LEAST, …)",
    ),
    (
        "granularity",
        Kind::Str,
        "date: day, month, quarter, year, …",
    ),
    (
        "amount",
        Kind::Float,
        "percentage, money, quantity: the number (money in units of the currency)",
    ),
    (
        "low",
        Kind::Float,
        "percentage, money: lower end of a range",
    ),
    (
        "high",
        Kind::Float,
        "percentage, money: upper end of a range",
    ),
    (
        "unit",
        Kind::Str,
        "percentage: percent, percentage_point, basis_point; quantity: the counted noun",
    ),
    ("currency", Kind::Str, "money: ISO 4217 code"),
    (
        "fraction",
        Kind::Float,
        "percentage: amount / 100, for percent",
    ),
    (
        "direction",
        Kind::Str,
        "percentage, money: up or down, where the sentence says",
    ),
    (
        "total",
        Kind::Float,
        "quantity: the whole it is part of (23 in 7 of 23 agencies)",
    ),
    (
        "entity_id",
        Kind::Str,
        "organization, policy: the canonical id (the value's id)",
    ),
    (
        "name",
        Kind::Str,
        "organization, policy: the canonical name",
    ),
    ("category", Kind::Str, "organization, policy: the category"),
    (
        "country",
        Kind::Str,
        "organization: ISO 3166-1 alpha-2 country",
    ),
    (
        "value_json",
        Kind::Str,
        "the whole value as JSON text (its keys sorted)",
    ),
];

/// The columns of a claim row (Parquet's `claims.parquet`), in order: name, kind, meaning.
pub const CLAIM_COLUMNS: [(&str, Kind, &str); 14] = [
    ("path", Kind::Str, "the document's path"),
    ("sha256", Kind::Str, "SHA-256 of the document file's bytes"),
    (
        "doc_date",
        Kind::Str,
        "the document's publication date, when known",
    ),
    ("claim_id", Kind::Str, "the claim's stable id"),
    ("role", Kind::Str, "title, heading or body"),
    (
        "kinds",
        Kind::List,
        "what makes it checkable: statistic, temporal, policy, organization",
    ),
    ("text", Kind::Str, "the sentence as the file has it"),
    ("byte_start", Kind::Int, "first byte of the claim"),
    ("byte_end", Kind::Int, "byte after the claim"),
    ("char_start", Kind::Int, "first code point of the claim"),
    ("char_end", Kind::Int, "code point after the claim"),
    ("line", Kind::Int, "1-based line of its start"),
    (
        "column",
        Kind::Int,
        "1-based column of its start, in code points",
    ),
    (
        "fact_count",
        Kind::Int,
        "how many facts it holds (after --types)",
    ),
];

/// One cell of a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Text, or absent.
    Str(Option<String>),
    /// A whole number.
    Int(i64),
    /// A number, or absent.
    Float(Option<f64>),
    /// A list of texts.
    List(Vec<String>),
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Str(Some(v)) => s.serialize_str(v),
            Cell::Float(Some(v)) => s.serialize_f64(*v),
            Cell::Str(None) | Cell::Float(None) => s.serialize_none(),
            Cell::Int(v) => s.serialize_i64(*v),
            Cell::List(v) => v.serialize(s),
        }
    }
}

/// One row: its cells in the order of its columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Row<const N: usize> {
    columns: &'static [(&'static str, Kind, &'static str); N],
    /// The cells, one per column.
    pub cells: Vec<Cell>,
}

impl<const N: usize> Serialize for Row<N> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Row", N)?;
        for ((name, _, _), cell) in self.columns.iter().zip(&self.cells) {
            st.serialize_field(name, cell)?;
        }
        st.end()
    }
}

/// A fact row.
pub type FactRow = Row<35>;
/// A claim row.
pub type ClaimRow = Row<14>;

fn int(n: usize) -> Cell {
    Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn text(s: &str) -> Cell {
    Cell::Str(Some(s.to_string()))
}

/// A value's field as text: a string as it is, any other JSON but null as its JSON text.
fn field_str(value: &serde_json::Value, key: &str) -> Cell {
    Cell::Str(match value.get(key) {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    })
}

fn field_f64(value: &serde_json::Value, key: &str) -> Cell {
    Cell::Float(value.get(key).and_then(serde_json::Value::as_f64))
}

/// The fact rows of a record, in record order (claims in text order, each claim's facts in text order).
pub fn fact_rows<V: Serialize>(record: &Record<V>) -> Vec<FactRow> {
    let doc = &record.document;
    let mut rows = Vec::new();
    for claim in &record.claims {
        for fact in &claim.facts {
            let value = serde_json::to_value(&fact.value).expect("values always serialize");
            let l = &fact.location;
            let cells = vec![
                text(&doc.path),
                Cell::Str(doc.date.clone()),
                text(&doc.sha256),
                text(&claim.id),
                text(claim.role.as_str()),
                text(&claim.text),
                int(claim.location.span.start()),
                int(claim.location.span.end()),
                text(fact.fact_type.as_str()),
                text(&fact.text),
                int(l.span.start()),
                int(l.span.end()),
                int(l.chars.start()),
                int(l.chars.end()),
                int(l.line),
                int(l.column),
                text(&fact.rule),
                field_str(&value, "timex"),
                field_str(&value, "start"),
                field_str(&value, "end"),
                field_str(&value, "mod"),
                field_str(&value, "granularity"),
                field_f64(&value, "amount"),
                field_f64(&value, "low"),
                field_f64(&value, "high"),
                field_str(&value, "unit"),
                field_str(&value, "currency"),
                field_f64(&value, "fraction"),
                field_str(&value, "direction"),
                field_f64(&value, "total"),
                field_str(&value, "id"),
                field_str(&value, "name"),
                field_str(&value, "category"),
                field_str(&value, "country"),
                text(&value.to_string()),
            ];
            rows.push(Row {
                columns: &FACT_COLUMNS,
                cells,
            });
        }
    }
    rows
}

/// The claim rows of a record, in text order.
pub fn claim_rows<V>(record: &Record<V>) -> Vec<ClaimRow> {
    let doc = &record.document;
    let row = |claim: &Claim<V>| {
        let l = &claim.location;
        Row {
            columns: &CLAIM_COLUMNS,
            cells: vec![
                text(&doc.path),
                text(&doc.sha256),
                Cell::Str(doc.date.clone()),
                text(&claim.id),
                text(claim.role.as_str()),
                Cell::List(claim.kinds.iter().map(|k| k.as_str().to_string()).collect()),
                text(&claim.text),
                int(l.span.start()),
                int(l.span.end()),
                int(l.chars.start()),
                int(l.chars.end()),
                int(l.line),
                int(l.column),
                int(claim.facts.len()),
            ],
        }
    };
    record.claims.iter().map(row).collect()
}

/// A record's fact rows as JSON Lines, one compact object per line, every column present (`null` when
/// absent).
pub fn facts_jsonl<V: Serialize>(record: &Record<V>) -> Vec<u8> {
    let mut buf = Vec::new();
    for row in fact_rows(record) {
        serde_json::to_writer(&mut buf, &row).expect("rows always serialize");
        buf.push(b'\n');
    }
    buf
}

/// The CSV header row: the names of [`FACT_COLUMNS`], newline included.
pub fn csv_header() -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(FACT_COLUMNS.iter().map(|c| c.0))
        .expect("writing to memory");
    w.into_inner().expect("writing to memory")
}

/// A record's fact rows as CSV records without the header ([`csv_header`] comes once, first): RFC 4180
/// quoting, an empty cell where a value is absent, `\n` line ends.
pub fn facts_csv<V: Serialize>(record: &Record<V>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for row in fact_rows(record) {
        w.serialize(&row).expect("rows always serialize to CSV");
    }
    w.into_inner().expect("writing to memory")
}

/// Which fact types to keep (`--types date,percentage`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeFilter {
    keep: [bool; FactType::ALL.len()],
}

impl TypeFilter {
    /// Parses a comma-separated list of fact type names; an unknown or empty name is an error that lists
    /// the valid ones.
    pub fn parse(list: &str) -> Result<TypeFilter, String> {
        let mut keep = [false; FactType::ALL.len()];
        for name in list.split(',').map(str::trim) {
            let Some(t) = FactType::parse(name) else {
                let valid: Vec<&str> = FactType::ALL.iter().map(|t| t.as_str()).collect();
                return Err(format!(
                    "unknown fact type {name:?}; the types are {}",
                    valid.join(", ")
                ));
            };
            keep[FactType::ALL.iter().position(|&a| a == t).expect("in ALL")] = true;
        }
        Ok(TypeFilter { keep })
    }

    /// Whether facts of type `t` are kept.
    pub fn keeps(&self, t: FactType) -> bool {
        FactType::ALL
            .iter()
            .position(|&a| a == t)
            .is_some_and(|i| self.keep[i])
    }

    /// Drops from `record` the facts of other types, the claims left without facts, the kinds no remaining
    /// fact gives a claim and the entity rows of other types; the stats count what is left.
    pub fn apply<V>(&self, record: &mut Record<V>) {
        for claim in &mut record.claims {
            claim.facts.retain(|f| self.keeps(f.fact_type));
            let facts = &claim.facts;
            claim
                .kinds
                .retain(|k| facts.iter().any(|f| f.fact_type.claim_kind() == *k));
        }
        record.claims.retain(|c| !c.facts.is_empty());
        record.entities.retain(|e| self.keeps(e.fact_type));
        let mut counts = FactCounts::default();
        for f in record.claims.iter().flat_map(|c| &c.facts) {
            counts.add(f.fact_type);
        }
        record.stats.claims = record.claims.len();
        record.stats.facts = counts;
    }
}

fn schema<const N: usize>(columns: &[(&str, Kind, &str); N]) -> Arc<Schema> {
    let fields: Vec<Field> = columns
        .iter()
        .map(|&(name, kind, _)| match kind {
            Kind::Str => Field::new(name, DataType::Utf8, true),
            Kind::Int => Field::new(name, DataType::Int64, false),
            Kind::Float => Field::new(name, DataType::Float64, true),
            Kind::List => Field::new(
                name,
                DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
                false,
            ),
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// Column builders for one table.
enum Builder {
    Str(StringBuilder),
    Int(Int64Builder),
    Float(Float64Builder),
    List(ListBuilder<StringBuilder>),
}

/// One Parquet table being written to memory, a row group every [`BATCH_ROWS`] rows.
struct Table<const N: usize> {
    columns: &'static [(&'static str, Kind, &'static str); N],
    schema: Arc<Schema>,
    builders: Vec<Builder>,
    rows: usize,
    writer: ArrowWriter<Vec<u8>>,
}

const BATCH_ROWS: usize = 64 * 1024;

impl<const N: usize> Table<N> {
    fn new(columns: &'static [(&'static str, Kind, &'static str); N]) -> Table<N> {
        let schema = schema(columns);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer = ArrowWriter::try_new(Vec::new(), schema.clone(), Some(props))
            .expect("the schema is valid");
        Table {
            columns,
            schema,
            builders: Self::builders(columns),
            rows: 0,
            writer,
        }
    }

    fn builders(columns: &[(&str, Kind, &str); N]) -> Vec<Builder> {
        columns
            .iter()
            .map(|c| match c.1 {
                Kind::Str => Builder::Str(StringBuilder::new()),
                Kind::Int => Builder::Int(Int64Builder::new()),
                Kind::Float => Builder::Float(Float64Builder::new()),
                Kind::List => Builder::List(ListBuilder::new(StringBuilder::new())),
            })
            .collect()
    }

    fn push(&mut self, row: Row<N>) -> io::Result<()> {
        for (b, cell) in self.builders.iter_mut().zip(row.cells) {
            match (b, cell) {
                (Builder::Str(b), Cell::Str(v)) => b.append_option(v),
                (Builder::Int(b), Cell::Int(v)) => b.append_value(v),
                (Builder::Float(b), Cell::Float(v)) => b.append_option(v),
                (Builder::List(b), Cell::List(v)) => {
                    for s in v {
                        b.values().append_value(s);
                    }
                    b.append(true);
                }
                _ => unreachable!("rows are built in the order of their columns"),
            }
        }
        self.rows += 1;
        if self.rows == BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> =
            std::mem::replace(&mut self.builders, Self::builders(self.columns))
                .into_iter()
                .map(|b| -> ArrayRef {
                    match b {
                        Builder::Str(mut b) => Arc::new(b.finish()),
                        Builder::Int(mut b) => Arc::new(b.finish()),
                        Builder::Float(mut b) => Arc::new(b.finish()),
                        Builder::List(mut b) => Arc::new(b.finish()),
                    }
                })
                .collect();
        self.rows = 0;
        let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(io::Error::other)?;
        self.writer.write(&batch).map_err(io::Error::other)
    }

    fn finish(mut self) -> io::Result<Vec<u8>> {
        self.flush()?;
        self.writer.into_inner().map_err(io::Error::other)
    }
}

/// `facts.parquet` and `claims.parquet` in the making: written to as JSON Lines records (what the batch
/// writes for [`Format::Parquet`](super::Format::Parquet)), each line becoming its fact and claim rows; the
/// tables are held in memory, compressed, until [`ParquetTables::finish`].
pub struct ParquetTables {
    facts: Table<35>,
    claims: Table<14>,
    pending: Vec<u8>,
}

impl Default for ParquetTables {
    fn default() -> ParquetTables {
        ParquetTables::new()
    }
}

impl ParquetTables {
    /// Empty tables.
    pub fn new() -> ParquetTables {
        ParquetTables {
            facts: Table::new(&FACT_COLUMNS),
            claims: Table::new(&CLAIM_COLUMNS),
            pending: Vec::new(),
        }
    }

    /// Adds a record's rows.
    pub fn add<V: Serialize>(&mut self, record: &Record<V>) -> io::Result<()> {
        for row in fact_rows(record) {
            self.facts.push(row)?;
        }
        for row in claim_rows(record) {
            self.claims.push(row)?;
        }
        Ok(())
    }

    /// The two files' bytes: `facts.parquet`, then `claims.parquet`.
    pub fn finish(mut self) -> io::Result<(Vec<u8>, Vec<u8>)> {
        if !self.pending.is_empty() {
            let line = std::mem::take(&mut self.pending);
            self.add_line(&line)?;
        }
        Ok((self.facts.finish()?, self.claims.finish()?))
    }

    fn add_line(&mut self, line: &[u8]) -> io::Result<()> {
        let record: Record<serde_json::Value> =
            serde_json::from_slice(line).map_err(io::Error::other)?;
        self.add(&record)
    }
}

impl Write for ParquetTables {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(at) = memchr::memchr(b'\n', rest) {
            if self.pending.is_empty() {
                self.add_line(&rest[..at])?;
            } else {
                self.pending.extend_from_slice(&rest[..at]);
                let line = std::mem::take(&mut self.pending);
                self.add_line(&line)?;
            }
            rest = &rest[at + 1..];
        }
        self.pending.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::pipeline::Extractor;

    fn record(text: &str) -> Record {
        let extractor = Extractor::embedded().unwrap();
        extractor.extract(&Document::from_str("a.txt", text, None))
    }

    #[test]
    fn rows_have_every_column_in_order() {
        let r =
            record("Spending rose 4 percent to $52.7 billion in March 2026, the Treasury said.");
        let rows = fact_rows(&r);
        assert!(rows.len() >= 3, "{rows:?}");
        for row in &rows {
            assert_eq!(row.cells.len(), FACT_COLUMNS.len());
            let json = serde_json::to_value(row).unwrap();
            let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
            let mut names: Vec<&str> = FACT_COLUMNS.iter().map(|c| c.0).collect();
            names.sort_unstable();
            assert_eq!(keys, names);
        }
        let money = rows
            .iter()
            .find(|r| r.cells[8] == Cell::Str(Some("money".into())))
            .expect("a money fact");
        assert_eq!(money.cells[22], Cell::Float(Some(52_700_000_000.0)));
        assert_eq!(money.cells[26], Cell::Str(Some("USD".into())));
        assert_eq!(money.cells[17], Cell::Str(None));
    }

    #[test]
    fn csv_quotes_and_leaves_absent_cells_empty() {
        let r = record("Officials said \"growth\" was 3 percent, up from 2 percent.");
        let csv = String::from_utf8(facts_csv(&r)).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), fact_rows(&r).len());
        assert!(rows[0][5].contains("\"growth\""), "{:?}", &rows[0][5]);
        assert_eq!(&rows[0][17], "");
    }

    #[test]
    fn type_filter_drops_other_facts_and_empty_claims() {
        let mut r = record("Inflation rose 3 percent. The law passed in March 2026.");
        TypeFilter::parse("percentage").unwrap().apply(&mut r);
        assert_eq!(r.claims.len(), 1);
        assert!(
            r.claims[0]
                .facts
                .iter()
                .all(|f| f.fact_type == FactType::Percentage)
        );
        assert_eq!(r.stats.claims, 1);
        assert_eq!(r.stats.facts.date, 0);
        let e = TypeFilter::parse("date,percent").unwrap_err();
        assert!(
            e.contains("\"percent\"") && e.contains("percentage, money"),
            "{e}"
        );
        assert!(TypeFilter::parse("").is_err());
    }

    #[test]
    fn parquet_tables_take_record_lines_in_pieces() {
        let r = record("Inflation rose 3 percent in March 2026.");
        let line = crate::output::jsonl_line(&r);
        let mut t = ParquetTables::new();
        let (a, b) = line.split_at(line.len() / 2);
        t.write_all(a).unwrap();
        t.write_all(b).unwrap();
        let (facts, claims) = t.finish().unwrap();
        assert!(facts.starts_with(b"PAR1") && claims.starts_with(b"PAR1"));
    }
}
