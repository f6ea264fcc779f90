# canon.awk: a report's TSV with every number as printf's %.1f writes it,
# the header as it is.  The plain SQL of report.sql and report-by.sql
# prints rates with one decimal and tkt-report's TSV in full precision:
# so written, the two compare line for line (counts and seconds are whole
# in both).
BEGIN { FS = OFS = "\t" }
NR > 1 {
	for (i = 1; i <= NF; i++)
		if ($i ~ /^-?[0-9]+(\.[0-9]+)?$/) {
			$i = sprintf("%.1f", $i)
			if ($i == "-0.0")
				$i = "0.0"
		}
}
{ print }
