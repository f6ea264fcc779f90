#!/bin/sh
# Incident forms and reply templates: tkt-new -t, tkt-reply -t, listing,
# showing and checking them, the search path, and what they refuse.
. "${0%/*}/lib.sh"

defect() {
	tkt-new -t defect -r "Ann Smith <ann@example.com>" -f order=100234 -f product=router \
		-f "problem=drops the connection" -f since=2026-11-20 "$@" </dev/null
}

check 'every shipped template passes --check-template' '
	n=0; for f in "$SHIPPED"/incident/*.yaml "$SHIPPED"/reply/*.yaml; do
		tkt-new --check-template "$f" || exit 1; n=$((n + 1)); done; same 20 $n'
check '--check-template takes several files and says nothing when all is well' '
	tkt-new --check-template "$SHIPPED"/incident/*.yaml "$SHIPPED"/reply/*.yaml 2>"$T/e" && ! test -s "$T/e"'
check 'tkt-new --list-templates lists the forms with their titles' '
	tkt-new --list-templates >"$T/l" && same 7 "$(wc -l <"$T/l")" &&
	grep -qx "defect	Product defect" "$T/l" && grep -qx "outage	Service outage" "$T/l" &&
	grep -q "^general	" "$T/l" && grep -q "^delivery	" "$T/l" && grep -q "^billing	" "$T/l" && grep -q "^account	" "$T/l" &&
	grep -q "^service-down	" "$T/l"'
check 'tkt-reply --list-templates lists the replies' '
	tkt-reply --list-templates | cut -f1 | tr "\n" " " >"$T/l" &&
	same "acknowledge apology delay-notice more-info outage-resolved outage-update progress-update solved survey survey-el survey-hu survey-ro thank-you " "$(cat "$T/l")"'
check '--show-template shows a form with its fields and choices' '
	tkt-new --show-template defect >"$T/s" && grep -q "^field.order  text  required" "$T/s" &&
	grep -q "pattern  \[0-9\]{6,10}" "$T/s" && grep -q "choices  router" "$T/s"'
check '--show-template shows a reply with its variables' '
	tkt-reply --show-template solved >"$T/s" && grep -q "^status       solved" "$T/s" &&
	grep -q "^variable     what_was_done" "$T/s" && grep -q "{{ticket.id}}" "$T/s"'

fails 65 "form 'defect': field 'order' \(Order number\) is required" 'a form without a required field names it' \
	'tkt-new -t defect -r ann@example.com -f product=router -f "problem=drops the connection" -f since=2026-11-20 </dev/null'
check 'the refused ticket did not create the store' 'not_made "$TKT_DB"'

check 'a ticket from the defect form: subject, priority, type, tags, fields from the form' '
	same 1 "$(defect)" &&
	same "Defect: router (drops the connection), order 100234|high|defect|defect|new" \
		"$(q "SELECT subject, priority, type, template, status FROM tickets WHERE id = 1")" &&
	same "defect" "$(q "SELECT tag FROM tags WHERE ticket = 1 ORDER BY tag" | joined ,)" &&
	same "order=100234 problem=drops the connection product=router since=2026-11-20" \
		"$(q "SELECT name || '\''='\'' || value FROM fields WHERE ticket = 1 ORDER BY name" | joined)"'
check 'without --ack the thread is empty and the ticket stays new' '
	same "0|new" "$(q "SELECT count(*), (SELECT status FROM tickets WHERE id = 1) FROM messages WHERE ticket = 1")"'
check 'with --ack the thread holds the acknowledgement, naming the ticket number' '
	same 2 "$(defect --ack --as mira)" &&
	same "agent|mira" "$(q "SELECT kind, author FROM messages WHERE ticket = 2")" &&
	q "SELECT body FROM messages WHERE ticket = 2" >"$T/ack" &&
	grep -q "^Hello Ann,$" "$T/ack" && grep -q "reference number is #2" "$T/ack" &&
	! grep -q "{{" "$T/ack" && same open "$(q "SELECT status FROM tickets WHERE id = 2")"'
check 'the body on stdin becomes the customer message, before the acknowledgement' '
	echo "It drops every hour." | tkt-new -t defect -r ann@example.com -f order=100235 -f product=modem \
		-f "problem=does not power on" -f since=2026-11-21 --ack >/dev/null &&
	same "customer agent" "$(q "SELECT kind FROM messages WHERE ticket = 3 ORDER BY id" | joined)"'
check 'a form that acknowledges always does so without --ack' '
	tkt-new -t outage -r "Bob <bob@example.com>" -f service=internet -f since=2026-11-22 \
		-f "impact=nothing works" </dev/null >/dev/null &&
	same "urgent|Outage: internet since 2026-11-22|1" \
		"$(q "SELECT priority, subject, (SELECT count(*) FROM messages WHERE ticket = 4 AND kind = '\''agent'\'') FROM tickets WHERE id = 4")"'
check 'options given win over the form: subject, priority; tags add up' '
	defect -s "My own subject" -p urgent +vip >/dev/null &&
	same "My own subject|urgent|defect vip" \
		"$(q "SELECT subject, priority FROM tickets WHERE id = 5")|$(q "SELECT tag FROM tags WHERE ticket = 5 ORDER BY tag" | joined)"'
check 'a customer without a name is greeted all the same' '
	tkt-new -t account -r carol@example.com -f account=carol@example.com -f "problem=my account is locked" --ack </dev/null >/dev/null &&
	q "SELECT body FROM messages WHERE ticket = 6" | grep -qx "Hello there,"'

if have_tty; then
	# The editor the message is then written in: a line above the cut.
	printf '#!/bin/sh\n{ echo "It drops every hour."; cat "$1"; } >"$1.new" && mv "$1.new" "$1"\n' >"$T/ed"
	chmod +x "$T/ed"
	check 'at a terminal, the missing required fields are asked for, then the message' '
		printf "100236\n1\n3\n2026-11-20\n" | EDITOR="$T/ed" script -qec "tkt-new -t defect -r ann@example.com" /dev/null >"$T/tty" &&
		grep -q "^order> " "$T/tty" && grep -q "  3) mesh extender" "$T/tty" &&
		same "order=100236 problem=drops the connection product=router since=2026-11-20" \
			"$(q "SELECT name || '\''='\'' || value FROM fields WHERE ticket = 7 ORDER BY name" | joined)" &&
		same "It drops every hour." "$(q "SELECT body FROM messages WHERE ticket = 7")"'
	check 'at a terminal, a bad answer is asked again' '
		printf "12\n100237\n2\n1\n2026-11-20\n" | EDITOR="$T/ed" script -qec "tkt-new -t defect -r ann@example.com" /dev/null >"$T/tty" &&
		grep -q "does not match" "$T/tty" && same 100237 "$(q "SELECT value FROM fields WHERE ticket = 8 AND name = '\''order'\''")"'
else
	skip 'at a terminal, the missing required fields are asked for, then the message' 'no pseudo-terminal for script(1)'
	skip 'at a terminal, a bad answer is asked again' 'no pseudo-terminal for script(1)'
fi

fails 65 "must be one of: router, modem" 'a choice outside the list' \
	'tkt-new -t defect -r a@example.com -f order=100234 -f product=toaster -f "problem=drops the connection" -f since=2026-11-20 </dev/null'
fails 65 "'12ab' does not match the pattern" 'a value that fails its pattern' \
	'tkt-new -t defect -r a@example.com -f order=12ab -f product=router -f "problem=drops the connection" -f since=2026-11-20 </dev/null'
fails 65 "must be a date like 2026-11-23, not '2026-02-30'" 'a date that is not a date' \
	'tkt-new -t defect -r a@example.com -f order=100234 -f product=router -f "problem=drops the connection" -f since=2026-02-30 </dev/null'
fails 65 "must be a number, not 'ten'" 'a number that is not a number' \
	'tkt-new -t delivery -r a@example.com -f order=100234 -f carrier=DHL -f problem=late -f shipping_paid=ten </dev/null'
fails 65 "must be an email address" 'an email that is not one' \
	'tkt-new -t account -r a@example.com -f account=nobody -f "problem=my account is locked" </dev/null'
fails 65 "form 'defect' has no field 'colour'" 'a field the form does not have' 'defect -f colour=red'
fails 66 "no incident template 'toaster'" 'an unknown form' 'tkt-new -t toaster -r a@example.com </dev/null'
fails 64 "bad template name '../etc/passwd'" 'a template name with ..' 'tkt-new -t ../etc/passwd -r a@example.com </dev/null'
fails 64 "bad template name 'reply/solved'" 'a template name with /' 'tkt-new -t reply/solved -r a@example.com </dev/null'
fails 64 "--ack needs a form" '--ack without a form' 'tkt-new -s x -r y -m z --ack'

# Reply templates against real tickets.
tkt-reply 1 --customer -m "Any news?" >/dev/null
check 'every reply template renders against a real ticket' '
	for name in acknowledge apology delay-notice more-info outage-resolved outage-update progress-update solved thank-you; do
		case $name in
		apology) set -- -v "compensation=a refund of 49.90 EUR";;
		solved) set -- -v "what_was_done=we replaced your router";;
		*) set --;;
		esac
		tkt-reply 1 -t $name "$@" --as mira >/dev/null 2>"$T/e" || { cat "$T/e"; exit 1; }
		body=$(q "SELECT body FROM messages WHERE ticket = 1 ORDER BY id DESC LIMIT 1")
		case $body in *"{{"*|*"}}"*) echo "$name left a variable"; exit 1;; esac
		case $body in "Hello Ann,"*) ;; *) echo "$name does not greet by name"; exit 1;; esac
		case $body in *"#1"*) ;; *) echo "$name does not name the ticket"; exit 1;; esac
		case $body in *mira) ;; *) echo "$name is not signed"; exit 1;; esac
	done'
check 'a template sets its status: more-info pending, solved solved, thank-you closed' '
	tkt-reply 2 -t more-info >/dev/null && same pending "$(q "SELECT status FROM tickets WHERE id = 2")" &&
	tkt-reply 2 -t solved -v "what_was_done=we sent a new router" >/dev/null && same solved "$(q "SELECT status FROM tickets WHERE id = 2")" &&
	tkt-reply 2 -t thank-you >/dev/null && same closed "$(q "SELECT status FROM tickets WHERE id = 2")"'
check '--status wins over the template' '
	tkt-reply 3 -t solved -v "what_was_done=x" --status pending >/dev/null && same pending "$(q "SELECT status FROM tickets WHERE id = 3")"'
check '-v fills a variable, and the defaults fill the rest' '
	tkt-reply 3 -t progress-update -v "progress=we found the cause" >/dev/null &&
	q "SELECT body FROM messages WHERE ticket = 3 ORDER BY id DESC LIMIT 1" >"$T/b" &&
	grep -q "What we have done so far: we found the cause." "$T/b" &&
	grep -q "Next steps: we continue with the investigation" "$T/b"'
# 24h on the business clock of a normal ticket (the default: 09:00-17:00,
# Monday to Friday): from Tuesday 10:00, seven hours that day, eight on
# Wednesday and Thursday, one on Friday.
check '{{due}} is the time the template promises' '
	TKT_NOW=2030-01-01T10:00:00Z tkt-reply 3 -t progress-update >/dev/null &&
	q "SELECT body FROM messages WHERE ticket = 3 ORDER BY id DESC LIMIT 1" | grep -q "by 2030-01-04 10:00 UTC"'
check 'ids from stdin: a progress update to every waiting ticket' '
	tkt-ls "waiting>=0s" -q >"$T/w" && test -s "$T/w" &&
	tkt-ls "waiting>=0s" -q | tkt-reply -t progress-update >"$T/done" && cmp "$T/w" "$T/done" &&
	same "" "$(tkt-ls "waiting>=0s" -q)"'

fails 65 "variable 'what_was_done' has no value" 'a variable without a value' 'tkt-reply 1 -t solved'
fails 64 "template 'solved' has no variable 'colour'" 'an unknown -v variable' 'tkt-reply 1 -t solved -v colour=red'
fails 64 "exclude each other" '-t with -m' 'tkt-reply 1 -t solved -m hi'
fails 64 "use it with -t" '-v without -t' 'tkt-reply 1 -m hi -v a=b'
fails 66 "no reply template 'nope'" 'an unknown reply template' 'tkt-reply 1 -t nope'
fails 64 "bad template name '../../x'" 'a reply template name with ..' 'tkt-reply 1 -t ../../x'
fails 66 "no such ticket '99'" 'a template for a ticket that does not exist' 'tkt-reply 99 -t acknowledge'

# The search path: the user's directory first.
mkdir -p "$T/user/incident" "$T/user/reply"
sed -e 's/^title: Product defect/title: Our own defect form/' -e 's/^priority: high/priority: low/' \
	"$SHIPPED/incident/defect.yaml" >"$T/user/incident/defect.yaml"
check 'a user template in TKT_TEMPLATES overrides the shipped one of the same name' '
	export TKT_TEMPLATES="$T/user:$SHIPPED" &&
	tkt-new --list-templates | grep -qx "defect	Our own defect form" &&
	id=$(defect) && same low "$(q "SELECT priority FROM tickets WHERE id = $id")"'
check 'XDG_CONFIG_HOME/tkt/templates is on the search path' '
	mkdir -p "$T/xdg/tkt/templates/incident" && cp "$T/user/incident/defect.yaml" "$T/xdg/tkt/templates/incident/" &&
	TKT_TEMPLATES= XDG_CONFIG_HOME=$T/xdg tkt-new --list-templates | grep -qx "defect	Our own defect form"'
check 'so is ~/.config/tkt/templates' '
	mkdir -p "$HOME/.config/tkt/templates/incident" && cp "$T/user/incident/defect.yaml" "$HOME/.config/tkt/templates/incident/" &&
	TKT_TEMPLATES= tkt-new --list-templates | grep -qx "defect	Our own defect form"'

cat >"$T/user/reply/typo.yaml" <<'END'
name: typo
title: A reply with a typo
body: |
  Hello {{customer.first_name}},

  your case {{ticket.idd}} is solved.
END
fails 78 "typo.yaml:6:13: unknown variable 'ticket.idd'" 'a reply template with an unknown variable' \
	'tkt-new --check-template "$T/user/reply/typo.yaml"'
fails 78 "unknown variable 'ticket.idd'" 'and using it fails the same way' \
	'TKT_TEMPLATES="$T/user:$SHIPPED" tkt-reply 1 -t typo'

printf 'name: broken\ntitle: [unclosed\nsubject: x\n' >"$T/user/incident/broken.yaml"
fails 78 "broken.yaml:3:8: did not find expected ',' or ']'" 'a YAML syntax error names file:line:column' \
	'TKT_TEMPLATES="$T/user:$SHIPPED" tkt-new -t broken -r a@example.com </dev/null'

cat >"$T/bad-form.yaml" <<'END'
name: bad-form
title: Several problems
subject: "{{field.order}} {{field.nope}}"
priority: critical
colour: blue
fields:
  - name: order
    type: barcode
  - name: kind
    type: choice
  - name: code
    pattern: "([a-z"
END
check '--check-template reports every problem, each with file:line:column' '
	tkt-new --check-template "$T/bad-form.yaml" 2>"$T/e"; same 78 $? &&
	same "3 4 5 8 9 12" "$(cut -d: -f2 "$T/e" | tr "\n" " " | sed "s/ $//")" &&
	grep -q "bad-form.yaml:3:27: unknown variable .field.nope." "$T/e" &&
	grep -q "bad-form.yaml:4:11: bad priority .critical." "$T/e" &&
	grep -q "bad-form.yaml:5:1: unknown key .colour." "$T/e" &&
	grep -q "bad-form.yaml:8:11: unknown field type .barcode." "$T/e" &&
	grep -q "bad-form.yaml:9:.*field .kind. of type choice has no choices" "$T/e" &&
	grep -q "bad-form.yaml:12:14: bad pattern .(\[a-z.: missing terminating \] .* at offset 5" "$T/e" &&
	same 6 "$(wc -l <"$T/e")"'

head -c 11000000 /dev/zero | tr "\0" "#" >"$T/huge.yaml"
fails 78 "huge.yaml: too large" 'a 10 MB template is refused' 'tkt-new --check-template "$T/huge.yaml"'
awk 'BEGIN { for (i = 0; i < 200; i++) printf "[" ; for (i = 0; i < 200; i++) printf "]"; print "" }' >"$T/deep.yaml"
fails 78 "deep.yaml:1:33: nested too deeply" 'a deeply nested template is refused' 'tkt-new --check-template "$T/deep.yaml"'
printf 'a: &x [1, 2]\nb: *x\n' >"$T/alias.yaml"
fails 78 "alias.yaml:2:4: aliases" 'aliases are refused' 'tkt-new --check-template "$T/alias.yaml"'
fails 66 "cannot open '.*/missing.yaml'" 'a template file that does not exist' 'tkt-new --check-template "$T/missing.yaml"'

done_testing
