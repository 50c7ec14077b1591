-- A decision row (inputs, reasons and response as JSON text) is 2.3 to 2.9 KB, just over the
-- 2 KB at which PostgreSQL starts compressing a row's long values: every insert ran pglz over
-- text it shrinks by 3 to 6 %, 6 % of the backends' CPU per decision (perf, docs/benchmarks.md).
-- Rows up to half a page now stay inline and uncompressed.
ALTER TABLE decisions SET (toast_tuple_target = 4080);
