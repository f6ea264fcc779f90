#!/bin/sh
# qa-check judges replies as a careful auditor would (the rule book of
# tkt-checklist(5)), in each language: next steps asked of the customer,
# solutions promised or inflected, names in each language's order and
# vocative or found in the reply, n/a in a reply to praise, and what must
# not pass: a DM link as help content, a handle or a sign-off as a name,
# "you're welcome" as thanks, a family name as a given name.
. "${0%/*}/lib.sh"

export TKT_DB=$(newstore judge)

# ticket REQUESTER MESSAGE: a new ticket's id.
ticket() {
	tkt-new -s "Question" -r "$1" -m "$2" --at 2026-11-23T09:00:00Z
}
# verdicts ID REPLY ITEM...: the verdicts of the items for a draft reply,
# "item=verdict" each.
verdicts() {
	id=$1 reply=$2
	shift 2
	printf '%s\n' "$reply" | qa-check --draft "$id" --json --at 2026-11-23T10:00:00Z |
		jq -r --arg items "$*" '[.items[] | select(.id as $i | $items | split(" ") | index($i)) |
		                         "\(.id)=\(.verdict)"] | join(" ")'
}
# evidence ID REPLY ITEM: the evidence of one item.
evidence() {
	printf '%s\n' "$2" | qa-check --draft "$1" --json --at 2026-11-23T10:00:00Z |
		jq -r --arg i "$3" '.items[] | select(.id == $i) | .evidence'
}

# ---- English -----------------------------------------------------------------
tw=$(ticket @115712 "@AcmeHelp my order 1234 never arrived, this is ridiculous")
check 'en: "DM us your order number" is the next step, but no solution; a DM link is not help content' '
	same "solution=fail next-steps=pass educate=fail" \
		"$(verdicts "$tw" "@115712 Please DM us your order number here https://twitter.com/messages/compose?recipient_id=1 and we will look into it." solution next-steps educate)"'
check 'en: a help article is help content; numbered steps are next steps and a solution' '
	same "solution=pass next-steps=pass educate=pass" \
		"$(verdicts "$tw" "Hi, sorry about that. Here is how to track it:
1. Open the app.
2. Tap Orders.
Our help article: https://help.example.com/track-order" solution next-steps educate)"'
check 'en: "a firmware update fixes this" is a solution' '
	same "solution=pass" "$(verdicts "$tw" "Sorry! A firmware update fixes this." solution)"'
check 'en: a numeric handle is no name, nor a sign-off like ^MM' '
	same "name=fail" "$(verdicts "$tw" "@115712 Have you tried from another device? ^MM" name)" &&
	same "message 2: no name used, and the customer'"'"'s is not known" \
		"$(evidence "$tw" "@115712 Have you tried from another device? ^MM" name)"'
check 'en: a real first name after the greeting, when none is known, is a name' '
	same "name=pass" "$(verdicts "$tw" "Hi Sarah, we are sorry to hear this." name)" &&
	same "message 2: \"Hi Sarah\" (the customer'"'"'s name is not known)" \
		"$(evidence "$tw" "Hi Sarah, we are sorry to hear this." name)"'
check 'en: "Hi team," finds no name' '
	same "name=fail" "$(verdicts "$tw" "Hi team, we are sorry to hear this." name)"'
signed=$(ticket sarah@example.com "Hello, my invoice is wrong.
Thanks,
Sarah")
check 'en: a customer who signs their message: the name they signed' '
	same "name=pass" "$(verdicts "$signed" "Hello Sarah, sorry about the invoice." name)" &&
	same "name=fail" "$(verdicts "$signed" "Hello, sorry about the invoice." name)"'
check 'en: "you'"'"'re welcome" is not thanks; "we appreciate your patience" is' '
	same "thanks=fail" "$(verdicts "$tw" "You'"'"'re welcome!" thanks)" &&
	same "thanks=pass" "$(verdicts "$tw" "We appreciate your patience." thanks)"'
praise=$(ticket "Ann Smith <ann@example.com>" "Thanks so much, great service!")
check 'en: a reply to praise: no apology, solution, timeline or help content expected (n/a)' '
	same "empathy=n/a solution=n/a timeline=n/a next-steps=n/a educate=n/a" \
		"$(verdicts "$praise" "Hi Ann, thank you for the kind words!" empathy solution timeline next-steps educate)" &&
	same "the customer raises no trouble (\"Thanks\")" "$(evidence "$praise" "Hi Ann, thank you!" empathy)"'
check 'en: a curt reply is not a positive tone' '
	same "positive-tone=fail" "$(verdicts "$tw" "Check the tracking page." positive-tone)" &&
	same "positive-tone=pass" "$(verdicts "$tw" "Please check the tracking page, we are on it." positive-tone)"'
check 'en: an opening "here to help" is no offer of more help; a closing one is' '
	same "further-questions=fail" "$(verdicts "$tw" "I am here to help. Your order ships today." further-questions)" &&
	same "further-questions=pass" "$(verdicts "$tw" "Your order ships today. Let us know if you need anything else." further-questions)"'

# ---- Greek -----------------------------------------------------------------------
gr=$(ticket "Γιώργος Παπαδόπουλος <giorgos@example.gr>" "Δεν έχω ίντερνετ από χθες.")
check 'el: the given name in the vocative; the family name with κύριε' '
	same "name=pass" "$(verdicts "$gr" "Γεια σας Γιώργο, λυπούμαστε." name)" &&
	same "name=pass" "$(verdicts "$gr" "Καλημέρα κύριε Παπαδόπουλε, λυπούμαστε." name)" &&
	same "name=fail" "$(verdicts "$gr" "Καλημέρα, λυπούμαστε." name)"'
check 'el: typed without accents, still matched' '
	same "greeting=pass empathy=pass thanks=pass" \
		"$(verdicts "$gr" "Καλημερα Γιωργο, λυπουμαστε για την ταλαιπωρια. Ευχαριστουμε!" greeting empathy thanks)"'
check 'el: "θα σας επιστρέψουμε" is a solution; "παρακαλώ" as you are welcome is no thanks' '
	same "solution=pass" "$(verdicts "$gr" "Γεια σας, θα σας επιστρέψουμε τα χρήματα." solution)" &&
	same "thanks=fail" "$(verdicts "$gr" "Παρακαλώ!" thanks)"'

# ---- Hungarian -----------------------------------------------------------------
hu=$(ticket "Kovács Ádám <adam@example.hu>" "Nem működik a modem.")
check 'hu: the given name is the last; the family name alone is no name, with úr it is' '
	same "name=pass" "$(verdicts "$hu" "Kedves Ádám! Sajnáljuk a kellemetlenséget." name)" &&
	same "name=fail" "$(verdicts "$hu" "Hello Kovács, sajnáljuk a kellemetlenséget, és kérjük, várjon." name)" &&
	same "name=pass" "$(verdicts "$hu" "Tisztelt Kovács úr! Sajnáljuk a kellemetlenséget." name)"'
check 'hu: words with endings: next steps, a solution, more help offered' '
	same "solution=pass next-steps=pass further-questions=pass" \
		"$(verdicts "$hu" "Kedves Ádám! Következő lépésként kérjük, indítsa újra a modemet; ez megjavítja a hibát. Van még kérdése?" solution next-steps further-questions)"'
check 'hu: "visszautaljuk" is a solution' '
	same "solution=pass" "$(verdicts "$hu" "Kedves Ádám! Az összeget visszautaljuk." solution)"'
check 'hu: blame with an ending' '
	same "no-blame=fail" "$(verdicts "$hu" "Biztos elgépelte a jelszót." no-blame)"'

# ---- Romanian -------------------------------------------------------------------
ro=$(ticket "Ioana Popescu <ioana@example.ro>" "Nu am internet de ieri.")
check 'ro: the family name with doamna; without diacritics or with a cedilla, still matched' '
	same "name=pass thanks=pass" "$(verdicts "$ro" "Buna ziua, doamna Popescu. Va multumim!" name thanks)" &&
	same "thanks=pass" "$(verdicts "$ro" "Vă mulţumim!" thanks)"'
check 'ro: "am remediat" and "reporniți" are a solution, "vă vom contacta" a next step; "cu plăcere" no thanks' '
	same "solution=pass next-steps=pass" "$(verdicts "$ro" "Bună ziua, am remediat defecțiunea; vă vom contacta mâine." solution next-steps)" &&
	same "solution=pass" "$(verdicts "$ro" "Bună ziua, reporniți routerul." solution)" &&
	same "thanks=fail" "$(verdicts "$ro" "Cu plăcere!" thanks)"'

# ---- the checklist's own mistakes -------------------------------------------------
printf 'items:\n  - id: e\n    title: E\n    applies: any-reply\n    check: phrases\n    phrases: [sorry]\n    na: always\n' >"$T/na.yaml"
fails 78 "na.yaml:7:9: item 'e': na is 'untroubled' \\(n/a when the customer raises no trouble\\)" \
	'an unknown na' 'qa-check --checklist "$T/na.yaml" "$tw"'
printf 'items:\n  - id: e\n    title: E\n    applies: any-reply\n    check: phrases\n    phrases: [sorry]\n    na: untroubled\n' >"$T/nacust.yaml"
fails 78 "nacust.yaml:7:9: item 'e': na: untroubled, but the checklist has no customer: trouble: phrases" \
	'na without a customer section' 'qa-check --checklist "$T/nacust.yaml" "$tw"'
printf 'items:\n  - id: e\n    title: E\n    applies: any-reply\n    check: phrases\n    phrases: [sorry]\n    needs: [please]\n' >"$T/needs.yaml"
fails 78 "needs.yaml:7:12: item 'e': only an absent check needs phrases" \
	'needs on a phrases item' 'qa-check --checklist "$T/needs.yaml" "$tw"'
printf 'items:\n  - id: e\n    title: E\n    applies: any-reply\n    check: absent\n    phrases: [sorry]\n    needs: [please]\n    needs_below: many\n' >"$T/below.yaml"
fails 78 "below.yaml:8:18: item 'e': needs_below is a number of words" \
	'needs_below that is not a number' 'qa-check --checklist "$T/below.yaml" "$tw"'
printf 'jargon:\n  words: [DNS]\nitems:\n  - id: e\n    title: E\n    applies: any-reply\n    check: jargon\n    except: [sorry]\n' >"$T/exc.yaml"
fails 78 "exc.yaml:8:13: item 'e': only phrases, absent and customer-name checks have phrases" \
	'except on an item that matches no phrases' 'qa-check --checklist "$T/exc.yaml" "$tw"'
printf 'customer:\n  praise: [thanks]\nitems:\n  - id: e\n    title: E\n    applies: any-reply\n    check: phrases\n    phrases: [sorry]\n' >"$T/cust.yaml"
fails 78 "cust.yaml:2:3: customer is a mapping of trouble and praise phrases" \
	'a customer section without trouble' 'qa-check --checklist "$T/cust.yaml" "$tw"'

done_testing
