#!/bin/sh
# Finding tickets by their requester: requester~ over the index of the
# customers' names, emails and handles in every language of the help
# desk; requester= by email, handle, name, Name <email> and *@DOMAIN;
# with other filter words and tools, and bad words.
. "${0%/*}/lib.sh"

AT=--at=2026-11-20T09:00:00Z
tkt-new -s "Router" -r "Γιώργος Παπαδόπουλος <g.papadopoulos@example.gr>" -m "Δεν ανάβει." +router $AT >/dev/null
tkt-new -s "Modem" -r "Kovács Ádám <adam.kovacs@example.hu>" -m "Nem működik." +billing $AT >/dev/null
tkt-new -s "Factură" -r "Ana Popescu <ana@example.ro>" -m "Factura greșită." $AT >/dev/null
tkt-new -s "Parola" -r "Ştefan Ţurcanu <stefan@Example.RO>" -m "Am uitat parola." $AT >/dev/null
tkt-new -s "Chat" -r @annlee -c chat -m "Hi there" $AT >/dev/null
tkt-new -s "Invoice" -r "Lee, Ann <ann.lee@example.com>" -m "Where is my invoice?" +billing $AT >/dev/null
tkt-new -s "Refund" -r "Bob Smith <bob@example.com>" -m "Refund please" $AT >/dev/null
tkt-new -s "Számla" -r "Kovácsné Éva <eva@mail.example.hu>" -m "Számla kérés." $AT >/dev/null
tkt-new -s "Κωδικός" -r "Παπαδάκης Νίκος <nikos@example.gr>" -m "Ξέχασα τον κωδικό." $AT >/dev/null
tkt-new -s "Factură 2" -r ana@example.ro -m "Încă o factură." $AT >/dev/null
tkt-tag 7 status=pending $AT >/dev/null
tkt-reply 2 -m "Köszönjük, vizsgáljuk." --as mira $AT >/dev/null
tkt-reply 1 -m "Ευχαριστούμε, στέλνουμε τεχνικό." --as mira $AT >/dev/null

ls_ids() { tkt-ls -q "$@" | joined; }

# ---- English -----------------------------------------------------------------
check 'requester~ finds part of a name, an email or a handle' '
	same "5 6" "$(ls_ids requester~lee)" && same "7" "$(ls_ids requester~smith)" &&
	same "6 7" "$(ls_ids requester~EXAMPLE.COM)" && same "5" "$(ls_ids requester~@annl)"'
check 'requester~: every word, in any order; a phrase in quotes as written' '
	same "7" "$(ls_ids "requester~smith bob")" && same "7" "$(ls_ids "requester~\"bob smith\"")" &&
	same "" "$(ls_ids "requester~\"smith bob\"")"'
check 'requester~: a name that is not there, and words in two requesters, match nothing' '
	same "" "$(ls_ids requester~alice)" && same "" "$(ls_ids "requester~bob lee")" &&
	tkt-ls -q requester~alice >"$T/o"; same 1 $? && ! test -s "$T/o"'
check 'requester~ looks at the requester, not at the ticket text' '
	same "" "$(ls_ids requester~refund)" && same "7" "$(ls_ids text~refund)"'
check 'requester= by email in any case, handle and name' '
	same "7" "$(ls_ids requester=BOB@example.com)" && same "5" "$(ls_ids requester=@annlee)" &&
	same "7" "$(ls_ids "requester=Bob Smith")" && same "" "$(ls_ids "requester=bob smith")"'
check 'requester= takes Name <email> as tkt-ls shows it, by its email in any case' '
	same "7" "$(ls_ids "requester=Bob Smith <BOB@EXAMPLE.COM>")" &&
	same "7" "$(ls_ids "requester=Someone Else <bob@example.com>")" &&
	same "7" "$(ls_ids "requester=<bob@example.com>")" &&
	same "6" "$(ls_ids "requester=Lee, Ann <ann.lee@example.com>")"'
check 'requester=*@DOMAIN: every email at the domain, in any case, not its subdomains' '
	same "6 7" "$(ls_ids "requester=*@example.com")" && same "6 7" "$(ls_ids "requester=*@EXAMPLE.Com")" &&
	same "2" "$(ls_ids "requester=*@example.hu")" && same "8" "$(ls_ids "requester=*@mail.example.hu")" &&
	same "" "$(ls_ids "requester=*@ample.com")"'
check 'a @domain is a handle, not a domain' 'same "" "$(ls_ids requester=@example.com)"'
check 'requester!= with each form' '
	same "1 2 3 4 5 8 9 10" "$(ls_ids "requester!=*@example.com")" &&
	same "1 2 3 4 5 6 8 9 10" "$(ls_ids "requester!=Bob <bob@example.com>")"'

# ---- Greek -------------------------------------------------------------------
check 'Greek: requester~papad finds Παπαδόπουλος by his email' 'same "1" "$(ls_ids requester~papad)"'
check 'Greek: παπαδ finds both names, in capitals and without accents too' '
	same "1 9" "$(ls_ids requester~παπαδ)" && same "1 9" "$(ls_ids requester~ΠΑΠΑΔ)" &&
	same "1" "$(ls_ids requester~ΠΑΠΑΔΌΠΟΥΛΟΣ)" && same "1" "$(ls_ids requester~παπαδοπουλος)"'
check 'Greek: a name as a phrase' 'same "1" "$(ls_ids "requester~\"γιωργος παπαδοπουλος\"")"'
check 'Greek: a longer word, and Latin letters for a Greek name, do not match' '
	same "" "$(ls_ids requester~παπαδοπουλου)" && same "" "$(ls_ids requester~papadakis)"'

# ---- Hungarian -----------------------------------------------------------------
check 'Hungarian: kovacs finds Kovács and Kovácsné' 'same "2 8" "$(ls_ids requester~kovacs)"'
check 'Hungarian: accents and capitals do not matter' '
	same "2" "$(ls_ids requester~ADAM)" && same "2" "$(ls_ids requester~ádám)" &&
	same "8" "$(ls_ids requester~KOVÁCSNÉ)" && same "8" "$(ls_ids requester~eva)"'
check 'Hungarian: Kovácsok matches no one' 'same "" "$(ls_ids requester~kovácsok)"'

# ---- Romanian ----------------------------------------------------------------
check 'Romanian: requester~EXAMPLE.RO finds ana@example.ro and stefan@Example.RO' '
	same "3 4 10" "$(ls_ids requester~EXAMPLE.RO)" && same "3 4 10" "$(ls_ids "requester=*@example.ro")"'
check 'Romanian: ş (cedilla) finds ș (comma), ţ finds ț, and without the marks' '
	same "4" "$(ls_ids requester~ștefan)" && same "4" "$(ls_ids requester~ştefan)" &&
	same "4" "$(ls_ids requester~țurcanu)" && same "4" "$(ls_ids requester~ţurcanu)" &&
	same "4" "$(ls_ids requester~TURCANU)"'
check 'Romanian: one requester, her tickets with and without a name' '
	same "3 10" "$(ls_ids requester~popescu)" && same "3 10" "$(ls_ids "requester=Ana Popescu <ana@example.ro>")"'
check 'Romanian: Popescul matches no one' 'same "" "$(ls_ids requester~popescul)"'

# ---- lists -----------------------------------------------------------------------
check 'requester~ with a list: any one of its items' '
	same "2 4 8" "$(ls_ids requester~kovacs,turcanu)" &&
	same "3 7 10" "$(ls_ids "requester~\"ana pop\",bob")" &&
	same "6" "$(ls_ids "requester~\"lee, ann\"")"'
check 'requester= with a list of every form' '
	same "2 5 6 7" "$(ls_ids "requester=@annlee,Lee, Ann <ann.lee@example.com>,*@example.hu,Bob Smith")" &&
	same "5 6" "$(ls_ids "requester=Lee, Ann <ann.lee@example.com>,@annlee")"'

# ---- with other words and tools ----------------------------------------------
check 'with a status, a tag, a channel and a text search' '
	same "7" "$(ls_ids status=pending requester~example)" &&
	same "2" "$(ls_ids +billing requester~kovacs)" && same "8" "$(ls_ids -billing requester~kovacs)" &&
	same "5" "$(ls_ids channel=chat requester~annlee)" &&
	same "6" "$(ls_ids "requester=*@example.com" text~invoice)" &&
	same "3" "$(ls_ids requester~popescu subject~"factura" status=new id!=10)"'
check 'two requester words: both hold' '
	same "6" "$(ls_ids requester~lee "requester=*@example.com")"'
check 'tkt-report takes the words' '
	same 2 "$(tkt-report --since 2026-11-01 --until 2026-12-01 --format tsv --metrics created requester~kovacs | sed -n 2p)" &&
	same 3 "$(tkt-report --since 2026-11-01 --until 2026-12-01 --format tsv --metrics created "requester=*@example.ro" | sed -n 2p)"'
check 'qa-check takes the words' '
	same "2 8" "$(qa-check requester~kovacs --at 2026-11-23T11:00:00Z | cut -f1 | joined)" &&
	same "1 9" "$(qa-check "requester=*@example.gr" --at 2026-11-23T11:00:00Z | cut -f1 | joined)"'
check 'tkt-export takes the words' 'same "4" "$(tkt-export requester~turcanu | jq -r .id)"'

# ---- the values of requester= ---------------------------------------------------
check 'tkt-ls --values requester: the requesters as tkt-ls shows them' '
	tkt-ls --values requester >"$T/who" && same 9 "$(wc -l <"$T/who")" &&
	grep -qx "Lee, Ann <ann.lee@example.com>" "$T/who" && grep -qx @annlee "$T/who" &&
	grep -qx "Ştefan Ţurcanu <stefan@Example.RO>" "$T/who"'
check 'each value found by requester= is the tickets tkt-ls shows it on' '
	while IFS= read -r who; do
		same "$(tkt-ls | awk -F "\t" -v w="$who" "\$5 == w { print \$1 }" | joined)" \
			"$(ls_ids "requester=$who")" || exit 1
	done <"$T/who"'

# ---- the examples of tkt-ls(1) and tkt(7) ---------------------------------------
check 'tkt-ls(1): anyone at a company; papad or kovács, still open (replied to)' '
	same "3 4 10" "$(ls_ids "requester=*@example.ro")" &&
	same "1 2" "$(ls_ids requester~papad,kovacs status=open)"'
check 'tkt(7): two domains; a list of searches, one a phrase' '
	same "3 4 6 7 10" "$(ls_ids "requester=*@example.com,*@example.ro")" &&
	same "2 3 8 10" "$(ls_ids "requester~kovacs,\"ana pop\"")"'

# ---- bad words ------------------------------------------------------------------
fails 64 "^tkt-ls: bad filter 'requester~': nothing to search for \(like requester~ann" 'an empty requester search' tkt-ls requester~
fails 64 "^tkt-ls: bad filter 'requester~ab': 'ab' is shorter than 3 characters" 'a word too short' tkt-ls requester~ab
fails 64 "^tkt-ls: bad filter 'requester~kovacs,ο': 'ο' is shorter than 3 characters" 'an item too short' "tkt-ls 'requester~kovacs,ο'"
fails 64 "^tkt-ls: bad filter 'requester~ann,': nothing to search for" 'an empty item' "tkt-ls 'requester~ann,'"
fails 64 "^tkt-ls: bad filter 'requester~\"ann': a quote \(\"\) is not closed" 'unbalanced quotes' "tkt-ls 'requester~\"ann'"
fails 65 "^tkt-ls: bad filter 'requester=': empty requester" 'an empty requester' tkt-ls requester=
fails 65 "^tkt-ls: bad filter 'requester=Ann <ann@example.com': 'Ann <ann@example.com' is not like Name <email>" \
	'Name <email> without its >' "tkt-ls 'requester=Ann <ann@example.com'"
fails 65 "^tkt-ls: bad filter 'requester=Ann <a> <b>': 'Ann <a> <b>' is not like Name <email>" \
	'two < in one' "tkt-ls 'requester=Ann <a> <b>'"
fails 65 "^tkt-ls: bad filter 'requester=Ann <not mail>': bad email 'not mail'" 'a bad email in <>' "tkt-ls 'requester=Ann <not mail>'"
fails 65 "^tkt-ls: bad filter 'requester=\*@': bad domain '' \(like \*@example.com\)" 'an empty domain' "tkt-ls 'requester=*@'"
fails 65 "^tkt-ls: bad filter 'requester=\*@a b': bad domain 'a b'" 'a domain with a space' "tkt-ls 'requester=*@a b'"
fails 64 "^tkt-ls: bad filter 'requester<ann': operator '<' does not apply to requester" 'an order' "tkt-ls 'requester<ann'"
fails 64 "^tkt-ls: bad filter 'requester!~ann'" 'no negated search' "tkt-ls 'requester!~ann'"
fails 64 "^tkt-report: bad filter 'requester~ab': 'ab' is shorter than 3 characters" 'tkt-report says so too' tkt-report requester~ab
fails 65 "^qa-check: bad filter 'requester=\*@': bad domain" 'qa-check says so too' "qa-check 'requester=*@'"
check 'SQL in a requester word is text' '
	same "" "$(ls_ids "requester~x'\''); DROP TABLE customers; --")" &&
	same "" "$(ls_ids "requester=*@x'\''OR'\''1'\''='\''1")" && same 9 "$(q "SELECT count(*) FROM customers")"'

# ---- every write is found at once ----------------------------------------------
check 'a name given later to a known email is found' '
	tkt-new -s "Wifi" -r rnagy@example.hu -m x $AT >/dev/null && same "" "$(ls_ids requester~robert)" &&
	tkt-new -s "Wifi again" -r "Nagy Róbert <rnagy@example.hu>" -m x $AT >/dev/null &&
	same "11 12" "$(ls_ids requester~róbert)" && same "11 12" "$(ls_ids "requester=Nagy Róbert")"'
check 'a mail delivered is found by its sender' '
	printf "From: Ioana Munteanu <ioana@example.ro>\nTo: help@example.com\nSubject: Ajutor\nMessage-ID: <m1@example.ro>\nContent-Type: text/plain; charset=utf-8\n\nNu merge.\n" |
	tkt-new --mail -q >/dev/null && same 13 "$(ls_ids requester~munteanu)" && same "3 4 10 13" "$(ls_ids "requester=*@example.ro")"'
bulk=$(newstore bulk)
check 'a batch into an empty store is found' '
	tkt-export | tkt-new --db "$bulk" --batch -q >/dev/null &&
	same "2 8" "$(tkt-ls --db "$bulk" -q requester~KOVACS | joined)" &&
	same "1 9" "$(tkt-ls --db "$bulk" -q "requester=*@example.gr" | joined)" && whole "$bulk"'

# ---- a store of the release before ------------------------------------------------
# SQLite: the store that release made (tests/data/store/v4.sql).  PostgreSQL:
# a store of this one, its indexes taken away as version 4 had none.
old=$(newstore old)
if on_pg; then
	tkt-new --db "$old" -s "Old router" -r "Γιώργος Παπαδόπουλος <giorgos@example.gr>" -m x $AT >/dev/null
	tkt-new --db "$old" -s "Modem" -r "Kovács Ádám <adam@example.hu>" -m x $AT >/dev/null
	tkt-new --db "$old" -s "Factură" -r "Ana Popescu <ana@example.ro>" -m x $AT >/dev/null
	tkt-new --db "$old" -s "Other" -r old@example.com -m x $AT >/dev/null
	qs "$old" "ALTER TABLE tickets DROP COLUMN merged_into, DROP COLUMN problem;
		ALTER TABLE customers DROP COLUMN folded; DROP INDEX customers_name, customers_domain, fields_name, fields_value, tickets_updated,
		events_tag;
		DROP TABLE search; DROP FUNCTION tkt_search_ticket, tkt_search_message, tkt_search_field CASCADE;
		DROP FUNCTION tkt_search_body, tkt_search_fields, tkt_fold; $PG_BEFORE_10
		UPDATE tkt_schema SET version = 4" >/dev/null
else
	sqlite3 "$old" <"${0%/*}/../data/store/v4.sql"
fi
check 'a store of version 4: its requesters are found once it is opened' '
	same 4 "$(schema_version "$old")" &&
	same "2" "$(tkt-ls --db "$old" -q requester~kovacs)" && same 10 "$(schema_version "$old")" &&
	same "1" "$(tkt-ls --db "$old" -q requester~ΠΑΠΑΔΟΠΟΥΛΟΣ)" &&
	same "3" "$(tkt-ls --db "$old" -q "requester=*@EXAMPLE.ro")" &&
	same "3" "$(tkt-ls --db "$old" -q "requester=Ana Popescu")" && whole "$old"'

# The index's triggers are plain SQL: the sqlite3 shell can write a store,
# and what it wrote is indexed when tkt next opens the store.
sqlite_only 'the sqlite3 shell writing a store file' \
	check 'a requester the sqlite3 shell renamed is found by the next search' '
	sqlite3 "$old" "UPDATE customers SET name = '"'"'Popescu Zsófia'"'"' WHERE email = '"'"'ana@example.ro'"'"'" &&
	same 3 "$(tkt-ls --db "$old" -q requester~zsofia)" && same "" "$(tkt-ls --db "$old" -q "requester~\"ana pop\"")" &&
	whole "$old"'

done_testing
