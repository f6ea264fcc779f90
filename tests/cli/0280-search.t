#!/bin/sh
# Text search: text~, subject~ and body~ over the search index, in every
# language of the help desk, with other filter words, and bad searches.
. "${0%/*}/lib.sh"

AT=--at=2026-11-20T09:00:00Z
tkt-new -s "Router drops" -r ann@example.com -m "My router drops every hour." -f order=100234 $AT >/dev/null
tkt-new -s "Ο ρούτερ μου δεν δουλεύει" -r eleni@example.gr -c web -m "Το ρούτερ μου κλείνει." $AT >/dev/null
tkt-new -s "Számlázás" -r zoltan@example.hu -m "Első lépésként újraindítottam." +billing $AT >/dev/null
tkt-new -s "Factură greșită" -r ion@example.ro -m "Ştiinţa plăţii: aştept răspuns." $AT >/dev/null
tkt-new -s "Parola" -r ana@example.ro -m "Am uitat parola în țară." $AT >/dev/null
tkt-new -s "Order #100234 missing" -r bob@example.com -m "Where is it?" $AT >/dev/null
tkt-reply 2 -m "Δοκιμάστε ξανά." --as mira $AT >/dev/null
tkt-reply 3 --note -m "Belső jegyzet: visszatérítés" $AT >/dev/null
tkt-tag 6 status=pending $AT >/dev/null

ls_ids() { tkt-ls -q "$@" | tr '\n' ' ' | sed 's/ $//'; }

# ---- English ---------------------------------------------------------------
check 'a word in a message, any case' 'same "1" "$(ls_ids text~ROUTER)"'
check 'a word inside a longer one' 'same "1" "$(ls_ids text~rout)"'
check 'an order number finds #100234, in a field and a subject' 'same "1 6" "$(ls_ids text~100234)"'
check 'every word must occur' '
	same "1" "$(ls_ids "text~router hour")" && same "" "$(ls_ids "text~router missing")"'
check 'a phrase in quotes is one' '
	same "1" "$(ls_ids "text~\"drops every\"")" && same "" "$(ls_ids "text~\"every drops\"")"'
check 'a phrase does not span two messages' '
	tkt-reply 1 --customer -m "second message" $AT >/dev/null &&
	same "" "$(ls_ids "text~\"hour. second\"")" && same "1" "$(ls_ids "text~\"second message\"")"'
check 'subject~ looks at the subject only' '
	same "6" "$(ls_ids subject~missing)" && same "" "$(ls_ids subject~hour)"'
check 'body~ looks at the messages only' '
	same "1" "$(ls_ids body~hour)" && same "" "$(ls_ids body~100234)"'
check 'a word that occurs nowhere: exit 1, nothing listed' '
	tkt-ls -q text~printer >"$T/o"; same 1 $? && same "" "$(cat "$T/o")"'

# ---- Greek -------------------------------------------------------------------
check 'Greek: ρούτερ finds ρούτερ μου' 'same "2" "$(ls_ids text~ρούτερ)"'
check 'Greek: capitals and no accent alike' 'same "2" "$(ls_ids text~Ρουτερ)" && same "2" "$(ls_ids text~ΡΟΥΤΕΡ)"'
check 'Greek: an agent reply is searched' 'same "2" "$(ls_ids text~δοκιμαστε)"'
check 'Greek: another word does not match' 'same "" "$(ls_ids text~ρουτέρια)"'

# ---- Hungarian -------------------------------------------------------------
check 'Hungarian: lépés finds lépésként' 'same "3" "$(ls_ids text~lépés)"'
check 'Hungarian: without accents and in capitals' 'same "3" "$(ls_ids text~LEPESKENT)"'
check 'Hungarian: a note is searched' 'same "3" "$(ls_ids text~visszaterites)"'
check 'Hungarian: lépések does not match' 'same "" "$(ls_ids text~lépések)"'

# ---- Romanian ----------------------------------------------------------------
check 'Romanian: ş (cedilla) finds ș (comma) and back' '
	same "4" "$(ls_ids text~aștept)" && same "4" "$(ls_ids text~aştept)" &&
	same "5" "$(ls_ids text~ţară)" && same "5" "$(ls_ids text~țară)"'
check 'Romanian: ț and ţ alike, and without the mark' '
	same "4" "$(ls_ids text~știința)" && same "4" "$(ls_ids text~STIINTA)" && same "4" "$(ls_ids subject~gresita)"'
check 'Romanian: another word does not match' 'same "" "$(ls_ids text~plătit)"'

# ---- letters that fold to two, and the final sigma ------------------------------
check 'ß, ẞ and Æ fold to ss and ae, ς to σ, on either backend' '
	tkt-new -s "Straße" -r k@example.de -m "Æther ΟΔΟΣ οδός" $AT >/dev/null &&
	same "7" "$(ls_ids text~STRASSE)" && same "7" "$(ls_ids text~straße)" && same "7" "$(ls_ids text~aether)" &&
	same "7" "$(ls_ids "text~\"οδοσ οδοσ\"")" && same "7" "$(ls_ids "text~ΟΔΟΣ")"'

# ---- with other words and tools ----------------------------------------------
check 'with a tag, a status and a channel' '
	same "3" "$(ls_ids +billing text~lepes)" && same "" "$(ls_ids -billing text~lepes)" &&
	same "6" "$(ls_ids status=pending text~100234)" && same "2" "$(ls_ids channel=web text~ρουτερ)"'
check 'two search words' 'same "1" "$(ls_ids text~router subject~drops)"'
check 'ids on stdin with a search word' 'same "6" "$(printf "6\n2\n" | tkt-ls -q - text~100234 2>/dev/null || printf "6\n2\n" | tkt-ls -q text~100234 | grep -x 6)"'
check 'tkt-export takes the words' '
	same "1" "$(tkt-export text~hour | jq -r .id)"'
check 'tkt-report takes the words' '
	same 1 "$(tkt-report --since 2026-11-01 --until 2026-12-01 --format tsv --metrics created text~lepes | sed -n 2p)"'
check 'qa-check takes the words' '
	same "3" "$(qa-check text~lepes --at 2026-11-23T11:00:00Z | cut -f1)" &&
	same "2" "$(qa-check text~ΡΟΥΤΕΡ --at 2026-11-23T11:00:00Z | cut -f1 | joined)"'

# ---- FTS syntax is literal text --------------------------------------------------
check 'FTS and SQL syntax is searched as text' '
	tkt-new -s "Odd" -r x@example.com -m "call NEAR(router) or \"quoted\" OR 1 * 2" $AT >/dev/null &&
	same "8" "$(ls_ids "text~NEAR(router")" && same "" "$(ls_ids "text~NEAR(x")" &&
	same "8" "$(ls_ids "text~\"or 1 * 2\"")" && same "" "$(ls_ids "text~***")" &&
	same "" "$(ls_ids "text~\"xyz\" OR 100")"'
check "a quote of SQL is text" 'same "" "$(ls_ids "text~x'\''); DROP TABLE tickets; --")" && same 8 "$(q "SELECT count(*) FROM tickets")"'

# ---- bad searches ------------------------------------------------------------
fails 64 "^tkt-ls: bad filter 'text~': nothing to search for" 'an empty search' tkt-ls text~
fails 64 "^tkt-ls: bad filter 'text~  ': nothing to search for" 'a blank search' "tkt-ls 'text~  '"
fails 64 "^tkt-ls: bad filter 'text~ab': 'ab' is shorter than 3 characters" 'a word too short' tkt-ls text~ab
fails 64 "^tkt-ls: bad filter 'text~router ρο': 'ρο' is shorter than 3 characters" 'a word too short among others' "tkt-ls 'text~router ρο'"
fails 64 "^tkt-ls: bad filter 'text~\"router': a quote \(\"\) is not closed" 'unbalanced quotes' "tkt-ls 'text~\"router'"
fails 64 "^tkt-ls: bad filter 'text~\"\"': empty phrase" 'an empty phrase' "tkt-ls 'text~\"\"'"
fails 64 "^tkt-ls: bad filter 'text~\"x\" OR 1': 'x' is shorter than 3 characters" 'FTS syntax with short words' "tkt-ls 'text~\"x\" OR 1'"
fails 64 "^tkt-ls: bad filter 'text~\*': '\*' is shorter than 3 characters" 'a star' "tkt-ls 'text~*'"
fails 64 "^tkt-ls: bad filter 'text=router': text takes ~ \(like text~router\)" 'text= is no search' tkt-ls text=router
fails 64 "^tkt-ls: bad filter 'status~open'" '~ on another key' tkt-ls status~open
fails 64 "^tkt-export: bad filter 'body~no': 'no' is shorter than 3 characters" 'tkt-export says so too' tkt-export body~no

# ---- every write is found at once ----------------------------------------------
check 'a batch imported is found' '
	tkt-export id=1 | jq -c ".id = 50 | .subject = \"Imported\" | .messages = [.messages[0] | .body = \"Kaputter Übersetzer\" | .message_id = null | .id = null]" |
	tkt-new --batch -q >/dev/null && same "50" "$(ls_ids text~ubersetzer)"'
check 'a changed field is found, the old value not' '
	tkt-tag 1 field.order=555777 $AT >/dev/null &&
	same "1" "$(ls_ids text~555777)" && same "6 50" "$(ls_ids text~100234)"'
check 'a mail delivered is found' '
	printf "From: Dan <dan@example.com>\nTo: help@example.com\nSubject: Imprimantă\nMessage-ID: <m1@example.com>\nContent-Type: text/plain; charset=utf-8\n\nImprimanta nu mai tipărește.\n" |
	tkt-new --mail -q >/dev/null && test -n "$(ls_ids text~tiparește)"'
bulk=$(newstore bulk)
check 'a batch into an empty store is found, and so is a reply after it' '
	tkt-export | tkt-new --db "$bulk" --batch -q >/dev/null &&
	same "3" "$(tkt-ls --db "$bulk" -q text~LEPES)" &&
	tkt-reply --db "$bulk" 4 -m "Trimis din nou: Ξανά" $AT >/dev/null &&
	same "4" "$(tkt-ls --db "$bulk" -q "text~trimis ξανα")" && whole "$bulk"'

# ---- ranked, and the line that matches ------------------------------------------
R=$(newstore rank)
tkt-new --db "$R" -s "Parcel late" -r a@example.com $AT -m "Where is my parcel?
I asked for a refund last week and nothing came; a long message about many other things, the weather, the road, the neighbours." >/dev/null
tkt-new --db "$R" -s "Refund please" -r b@example.com $AT -m "Refund the second payment.
A refund, not a voucher." >/dev/null
tkt-new --db "$R" -s "Ρούτερ" -r c@example.gr $AT -m "Το ρούτερ μου κλείνει. Ρουτερ ξανά." >/dev/null
check 'sort rank: the ticket with the word in its subject and twice in its message first' '
	same "2 1" "$(tkt-ls --db "$R" -q text~refund -S rank | joined)" &&
	same "1 2" "$(tkt-ls --db "$R" -q text~refund -S rank -r | joined)" &&
	same "2" "$(tkt-ls --db "$R" -q text~refund -S rank -n 1)"'
check 'sort rank composes with other words' '
	same "1" "$(tkt-ls --db "$R" -q text~refund subject~parcel -S rank)"'
fails 64 "^tkt-ls: sort key rank: nothing is searched for" 'sort rank without a search' \
	tkt-ls --db "$R" -S rank
check 'JSON: the best line, the words'"'"' places in characters' '
	same "Refund the second payment." "$(tkt-ls --db "$R" --json text~refund -S rank -n 1 | jq -r .snippet.text)" &&
	same "[[0,6]]" "$(tkt-ls --db "$R" --json text~refund -S rank -n 1 | jq -c .snippet.spans)" &&
	same "{\"text\":\"Το ρούτερ μου κλείνει. Ρουτερ ξανά.\",\"spans\":[[3,6],[23,6]]}" \
		"$(tkt-ls --db "$R" --json text~ρουτερ | jq -c .snippet)"'
check 'the man page'"'"'s example: the lines that say it, most relevant first' '
	tkt-ls --db "$R" text~refund -S rank --json | jq -r ".snippet.text" >"$T/o" &&
	printf "%s\n" "Refund the second payment." "I asked for a refund last week and nothing came; a long message about many other things, the weather, the road, the neighbours." | cmp -s - "$T/o"'
check 'a long line is cut around the word' '
	tkt-new --db "$R" -s x -r d@example.com $AT -m "$(printf "word%.0s " $(seq 60))needle $(printf "tail%.0s " $(seq 60))" >/dev/null &&
	tkt-ls --db "$R" --json text~needle | jq -r .snippet.text | grep -Eq "^…word( word)* needle( tail)+…$"'
check 'JSON without a search has no snippet' '
	same "null" "$(tkt-ls --db "$R" --json id=1 | jq -c .snippet)"'
check 'not at a terminal: no snippet line' 'same 2 "$(tkt-ls --db "$R" text~refund | wc -l)"'
if have_tty; then
	check 'at a terminal: the line under each ticket, the words coloured' '
		TERM=xterm TKT_PAGER=cat script -qec "tkt-ls --db $R text~refund -S rank --color always" /dev/null </dev/null |
		tr -d "\r" >"$T/o" &&
		grep -q "^    $(printf "\033")\[1;31mRefund$(printf "\033")\[0m the second payment.$" "$T/o" &&
		same 4 "$(wc -l <"$T/o")"'
else
	skip 'at a terminal: the line under each ticket, the words coloured' 'no script(1) terminal here'
fi
check 'tkt-show with search words colours them in the thread, the subject and the fields' '
	tkt-tag --db "$R" 2 field.ref=REFUND-7 $AT >/dev/null &&
	tkt-show --db "$R" 2 text~refund --color always >"$T/o" &&
	grep -q "^subject    $(printf "\033")\[1;31mRefund$(printf "\033")\[0m please$" "$T/o" &&
	grep -q "^    A $(printf "\033")\[1;31mrefund$(printf "\033")\[0m, not a voucher.$" "$T/o" &&
	grep -q "^field.ref  $(printf "\033")\[1;31mREFUND$(printf "\033")\[0m-7$" "$T/o"'
check 'tkt-show without colour prints as without the words' '
	tkt-show --db "$R" 2 >"$T/a" && tkt-show --db "$R" 2 text~refund >"$T/b" && cmp -s "$T/a" "$T/b"'
check 'the man page'"'"'s example: ids piped from tkt-ls' '
	same "3" "$(tkt-ls --db "$R" -q text~ρουτερ | tkt-show --db "$R" text~ρουτερ -q)"'
fails 64 "^tkt-show: bad filter 'text~ro': 'ro' is shorter than 3 characters" 'tkt-show: a word too short' \
	tkt-show --db "$R" 1 text~ro
fails 64 "^tkt-show: bad ticket id 'status=new'" 'tkt-show: other filter words are no ids' \
	tkt-show --db "$R" 1 status=new

# ---- a store of the release before text search ---------------------------------
# SQLite: the store that release made (tests/data/store/v4.sql).  PostgreSQL:
# a store of this one, its indexes and triggers taken away as version 4 had
# none.
old=$(newstore old)
if on_pg; then
	tkt-new --db "$old" -s "Old router" -r "Γιώργος Παπαδόπουλος <giorgos@example.gr>" \
		-m "Ρούτερ από παλιά: δεν ανάβει." $AT >/dev/null
	tkt-new --db "$old" -s "Modem" -r "Kovács Ádám <adam@example.hu>" \
		-m "Következő lépésként újraindítottam a modemet." -f order=100234 $AT >/dev/null
	tkt-new --db "$old" -s "Factură" -r "Ana Popescu <ana@example.ro>" \
		-m "Factura mea conține o greşeală (ş cu sedilă)." $AT >/dev/null
	tkt-new --db "$old" -s "Other" -r old@example.com -m "nothing here" $AT >/dev/null
	tkt-reply --db "$old" 1 -m "Ευχαριστούμε, στέλνουμε τεχνικό." $AT >/dev/null
	qs "$old" "ALTER TABLE tickets DROP COLUMN merged_into, DROP COLUMN problem;
		ALTER TABLE customers DROP COLUMN folded; DROP INDEX customers_name, customers_domain, fields_name, fields_value, tickets_updated,
		events_tag;
		DROP TABLE search; DROP FUNCTION tkt_search_ticket, tkt_search_message, tkt_search_field CASCADE;
		DROP FUNCTION tkt_search_body, tkt_search_fields, tkt_fold; $PG_BEFORE_10
		UPDATE tkt_schema SET version = 4" >/dev/null 2>&1
else
	sqlite3 "$old" <"${0%/*}/../data/store/v4.sql"
fi
check 'a store of version 4 has no index' 'same 4 "$(schema_version "$old")"'
check 'opened by tkt-ls, it gets its index and its tickets are found in every language' '
	same "1" "$(tkt-ls --db "$old" -q text~ρουτερ)" && same 10 "$(schema_version "$old")" &&
	same "2" "$(tkt-ls --db "$old" -q text~LEPES)" && same "3" "$(tkt-ls --db "$old" -q text~greseala)" &&
	same "2" "$(tkt-ls --db "$old" -q text~100234)" && same "1" "$(tkt-ls --db "$old" -q text~τεχνικο)" &&
	same "3" "$(tkt-ls --db "$old" -q requester~popescu)" && same "2" "$(tkt-ls --db "$old" -q requester~KOVACS)" &&
	whole "$old"'
check 'and what is written next is found too' '
	tkt-reply --db "$old" 4 -m "Now a router here" $AT >/dev/null &&
	same "1 4" "$(tkt-ls --db "$old" -q text~router | tr "\n" " " | sed "s/ $//")"'

# A bigger store of version 4, migrated at a terminal: the count of the
# tickets indexed is shown as it grows.
if on_pg; then
	skip 'a migration at a terminal shows its progress' 'SQLite only: PostgreSQL indexes in one statement'
elif have_tty; then
	big=$(newstore big)
	check 'a migration at a terminal shows its progress' '
		sqlite3 "$big" <"${0%/*}/../data/store/v4.sql" &&
		sqlite3 "$big" "WITH RECURSIVE n(i) AS (SELECT 5 UNION ALL SELECT i + 1 FROM n WHERE i < 700)
		                INSERT INTO tickets (id, subject, requester, channel, created_at, updated_at)
		                SELECT i, '"'"'Ticket '"'"' || i, 1, '"'"'email'"'"', 1793613600, 1793613600 FROM n" &&
		script -qec "tkt-ls --db $big -q text~zzzzzz" /dev/null </dev/null | tr "\r" "\n" >"$T/o";
		grep -q "^tkt: indexing the text of tickets: 500 of 700$" "$T/o" &&
		grep -q "^tkt: indexing the text of tickets: 700 of 700$" "$T/o" &&
		same 10 "$(schema_version "$big")" && same 700 "$(qs "$big" "SELECT count(*) FROM search")"'
else
	skip 'a migration at a terminal shows its progress' 'no script(1) terminal here'
fi

# ---- another program writes the store -------------------------------------------
# The index's triggers are plain SQL on SQLite: the sqlite3 shell can write
# a store, and what it wrote is indexed before the next search.  On
# PostgreSQL psql's writes are indexed by the triggers at once.
check 'what the sqlite3 shell or psql writes is found by the next search' '
	qs "$old" "INSERT INTO fields (ticket, name, value) VALUES (3, '"'"'depot'"'"', '"'"'Zanzibar'"'"');
	           UPDATE tickets SET subject = '"'"'Gateway'"'"' WHERE id = 4" >/dev/null &&
	same 3 "$(tkt-ls --db "$old" -q text~zanzibar)" && same 4 "$(tkt-ls --db "$old" -q subject~gateway)" &&
	same "" "$(tkt-ls --db "$old" -q subject~other)" && whole "$old"'

done_testing
