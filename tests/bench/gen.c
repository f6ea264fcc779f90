/* gen: write a help desk's year as JSON Lines, the format of tkt-export
 * and tkt-new --batch, for benchmarks.
 *
 *   usage: gen [-s SEED] [-e END] [-d PERDAY] N
 *
 * N tickets, ids 1..N, created over the year before END (default
 * 2026-11-01T00:00:00Z), more by day than by night; with -d PERDAY, over
 * as many days before END as PERDAY a day makes (a store that grows by
 * its history, not by a busier week: the scale curve of make bench).  Customers come back
 * (a few often); each ticket has the customer's first message, agent
 * replies after a delay and customer answers after a wait, notes, pending
 * and on-hold periods, transfers between agents and groups, solves,
 * reopens and closes, tags, types, incident-form fields, mail ids, quoted
 * history and a few attachments, CSAT, NPS and agent ratings, and quality
 * reviews.  Agents write replies that pass the QA checklist, or that miss
 * the greeting, the thanks or the next steps, blame the customer or drown
 * them in jargon, each agent as often as their skill says.  Whatever would
 * happen after END has not happened yet: the last weeks leave a backlog.
 *
 * The same SEED and N give the same bytes.  About five messages a ticket. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define DAY    86400
#define HOUR   3600

/* ---- randomness: splitmix64, seeded ---------------------------------- */

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
unif(void)   /* [0, 1) */
{
	return (double)(rnd() >> 11) * (1.0 / 9007199254740992.0);
}

static int
chance(double p)
{
	return unif() < p;
}

static long
between(long lo, long hi)   /* [lo, hi] */
{
	return lo + (long)(rnd() % (uint64_t)(hi - lo + 1));
}

/* A delay with the given median, log-normal: mostly near it, a long tail. */
static long
delay(double median, double spread)
{
	double u1 = unif(), u2 = unif();
	double z = sqrt(-2.0 * log(u1 + 1e-12)) * cos(6.283185307179586 * u2);
	long d = (long)(median * exp(spread * z));

	return d < 30 ? 30 : d;
}

#define PICK(a) ((a)[rnd() % LEN(a)])

/* Index into weights[] by weight. */
static size_t
weighted(const int *w, size_t n)
{
	int total = 0;
	size_t i;
	long r;

	for (i = 0; i < n; i++)
		total += w[i];
	r = between(0, total - 1);
	for (i = 0; i < n; i++)
		if ((r -= w[i]) < 0)
			return i;
	return n - 1;
}

/* ---- output ---------------------------------------------------------- */

static char *buf;
static size_t blen, bcap;

static void
put(const char *s, size_t n)
{
	if (blen + n + 1 > bcap) {
		bcap = (blen + n + 1) * 2;
		if (!(buf = realloc(buf, bcap))) {
			perror("gen");
			exit(70);
		}
	}
	memcpy(buf + blen, s, n);
	blen += n;
}

static void
puts_(const char *s)
{
	put(s, strlen(s));
}

static void
putf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#include <stdarg.h>

/* The text of tmpl with its one %s replaced by arg. */
static void
fill(char *dst, size_t size, const char *tmpl, const char *arg)
{
	const char *p = strstr(tmpl, "%s");

	if (!p)
		snprintf(dst, size, "%s", tmpl);
	else
		snprintf(dst, size, "%.*s%s%s", (int)(p - tmpl), tmpl, arg, p + 2);
}

static int
tag_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}
static void
putf(const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	put(tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A JSON string, or null. */
static void
jstr(const char *s)
{
	const char *p;

	if (!s) {
		puts_("null");
		return;
	}
	put("\"", 1);
	for (p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"' || c == '\\') {
			put("\\", 1);
			put(p, 1);
		} else if (c == '\n')
			put("\\n", 2);
		else if (c < 0x20)
			putf("\\u%04x", c);
		else
			put(p, 1);
	}
	put("\"", 1);
}

static void
jtime(long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char s[32];

	gmtime_r(&tt, &tm);
	strftime(s, sizeof s, "\"%Y-%m-%dT%H:%M:%SZ\"", &tm);
	puts_(s);
}

static void
jkey(const char *k)
{
	put(",\"", 2);
	puts_(k);
	put("\":", 2);
}

/* ---- the help desk --------------------------------------------------- */

static const char *const first_names[] = {
	"Ann", "Bob", "Carla", "Dan", "Eva", "Frank", "Gina", "Hugo", "Ines", "Jon", "Kate",
	"Liam", "Mira", "Nils", "Olga", "Paul", "Rosa", "Sam", "Tina", "Umar", "Vera", "Will",
	"Xenia", "Yusuf", "Zoë", "José", "Ádám", "Ioana", "Eleni", "Søren", "Chloé", "Mehmet",
};
static const char *const last_names[] = {
	"Smith", "Stone", "Novak", "García", "Müller", "O'Brien", "Kovács", "Popescu",
	"Papadopoulou", "Jensen", "Rossi", "Nguyen", "Okafor", "Silva", "Brown", "Dubois",
	"Tanaka", "Kowalski", "Ivanova", "Andersson",
};
static const char *const domains[] = {
	"example.com", "example.org", "example.net", "mail.example.com", "post.example",
};

static const struct agent {
	const char *name, *group;
	double      skill;   /* how often a reply passes the checklist */
} agents[] = {
	{ "ann", "billing", 0.92 },     { "bert", "billing", 0.70 },
	{ "cleo", "billing", 0.85 },    { "dmitri", "billing", 0.55 },
	{ "eliska", "billing", 0.88 },  { "farid", "tech", 0.80 },
	{ "greta", "tech", 0.95 },      { "hamza", "tech", 0.60 },
	{ "ivo", "tech", 0.75 },        { "jana", "tech", 0.90 },
	{ "kemal", "tech", 0.65 },      { "lena", "logistics", 0.85 },
	{ "milo", "logistics", 0.50 },  { "nadia", "logistics", 0.93 },
	{ "oskar", "logistics", 0.78 }, { "petra", "accounts", 0.89 },
	{ "quinn", "accounts", 0.72 },  { "rhea", "accounts", 0.97 },
	{ "stefan", "accounts", 0.68 }, { "tomas", "tech", 0.83 },
};

static const char *const channels[] = { "email", "chat", "web", "phone", "social", "api" };
static const int channel_w[] = { 45, 20, 15, 10, 5, 5 };
static const char *const priorities[] = { "low", "normal", "high", "urgent" };
static const int priority_w[] = { 15, 60, 20, 5 };

/* What the customer writes about: a form, a type, a group, words. */
static const struct topic {
	const char *form, *type, *group;
	const char *subjects[3];
	const char *opening[3];
	const char *tags[3];
} topics[] = {
	{ "delivery", "problem", "logistics",
	  { "Parcel %s has not arrived", "Order %s arrived damaged", "Wrong item in order %s" },
	  { "My order %s was due last week and the tracking has not moved for days. I need it "
	    "for a birthday on Saturday.",
	    "The parcel for order %s arrived today with the box crushed and the glass inside "
	    "broken. I have photos of it.",
	    "I ordered a blue kettle (order %s) and received a toaster. Could you tell me how to "
	    "send it back and get what I ordered?" },
	  { "delivery", "late", "damaged" } },
	{ "defect", "defect", "tech",
	  { "Router drops the connection every hour", "Modem does not power on",
	    "Set-top box freezes during films" },
	  { "Since Monday my router drops the connection every hour, for about five minutes. "
	    "I work from home and this keeps cutting my calls. Order %s.",
	    "The modem I bought (order %s) does not power on at all. The light stays off and "
	    "I have tried another socket.",
	    "The set-top box freezes every evening in the middle of a film and I have to pull "
	    "the plug. It came with order %s." },
	  { "router", "hardware", "defect" } },
	{ "billing", "incident", "billing",
	  { "Charged twice for invoice %s", "Wrong amount on invoice %s", "Refund for %s not received" },
	  { "I was charged twice for invoice %s this month. Please refund the second payment.",
	    "Invoice %s says 89.90 but my plan costs 49.90. I would like the difference back.",
	    "You promised a refund for invoice %s three weeks ago and it has not reached my "
	    "account yet." },
	  { "billing", "refund", "invoice" } },
	{ "outage", "incident", "tech",
	  { "No internet since this morning", "TV has no signal", "Landline is dead" },
	  { "There has been no internet at my home since this morning. I have restarted the "
	    "router twice and checked the cables. Customer number %s.",
	    "The TV shows no signal on any channel since yesterday evening. Customer number %s.",
	    "My landline has no dial tone since the storm. Customer number %s." },
	  { "outage", "internet", "tv" } },
	{ "account", "question", "accounts",
	  { "Cannot log in to my account", "Account locked after password reset",
	    "Please change the email on account %s" },
	  { "I cannot log in to my account any more; it says my password is wrong although I "
	    "just reset it. Account %s.",
	    "My account %s is locked after I tried to reset the password. Please unlock it.",
	    "Please change the email address on account %s to my new one; the old one is "
	    "closed." },
	  { "login", "account", "password" } },
	{ NULL, "question", NULL,
	  { "Question about my contract %s", "How do I cancel my plan?", "Opening hours of the shop" },
	  { "Could you tell me when my contract %s ends and what it would cost to upgrade?",
	    "I am moving abroad and would like to cancel my plan. What do I need to do? "
	    "Contract %s.",
	    "When is the shop in the city centre open on Sundays? I want to return a device "
	    "(contract %s)." },
	  { "contract", "question", "cancel" } },
};

static const char *const customer_again[] = {
	"Thank you for the quick answer. I tried what you said but it still happens, twice "
	"today already.",
	"Here is the information you asked for: the serial number is on the photo attached and "
	"the problem started on the 3rd.",
	"I have been waiting for three days now. When will this be fixed? I am losing patience.",
	"It worked for a day and now it is back. What else can I do?",
	"Sorry, I did not see your message. Yes, I am at home tomorrow between 9 and 12.",
	"Is there any news? Nobody has called me as promised.",
	"That did not help at all. I want to speak to someone who can actually fix this.",
};
static const char *const customer_reopen[] = {
	"Unfortunately the problem is back since yesterday evening. Could you look again?",
	"You marked this as solved but I still have not received anything.",
	"The refund arrived but it is 10 euros short.",
};

/* Pieces of an agent's reply: the good ones, and the ways replies go wrong. */
static const char *const greetings[] = { "Hello %s,", "Hi %s,", "Dear %s,", "Good morning %s," };
static const char *const empathy[] = {
	"I am sorry for the trouble this has caused you, and I understand how frustrating it "
	"is.",
	"I apologise for the inconvenience; I can imagine how annoying this must be.",
	"Thank you for your patience, and sorry that you had to wait for this.",
};
static const char *const explanations[] = {
	"I have checked your order and the parcel was held at the depot because of a wrong "
	"house number. I have corrected it.",
	"I looked at your line and saw that it drops because of a fault at the street cabinet. "
	"A technician is booked to repair it.",
	"I checked the invoice and you were charged twice by mistake. I have started a refund "
	"of the second payment.",
	"I have unlocked your account and sent you a link to choose a new password.",
	"I have found the cause: the device was set up with an old profile. I have sent it the "
	"right one.",
};
static const char *const next_steps[] = {
	"The refund will reach your account within 5 working days, and I will check on it "
	"on Friday.",
	"The technician will visit tomorrow between 8 and 12; you will get a text message an "
	"hour before.",
	"The replacement will be sent today and should arrive within 2 days. You will get the "
	"tracking number by email.",
	"Please restart the device tonight; I will call you tomorrow to check that it works.",
};
static const char *const further[] = {
	"Is there anything else I can help you with?",
	"If you have any other questions, just reply to this message.",
	"Please let me know if there is anything else I can do for you.",
};
static const char *const thanks[] = {
	"Thank you for contacting us.", "Thank you for your patience.",
	"Thanks for letting us know.",
};
static const char *const jargon[] = {
	"Your CPE lost its PPPoE session; the DHCP lease on the gateway expired and the NAT "
	"table was flushed, so check the firmware and the SSID config.",
	"The backend API returned a token error; provisioning is escalated to tier 2 for root "
	"cause analysis of the packet loss.",
	"Flush the DNS cache, then ping the gateway IP address and check the latency and the "
	"throughput on the VLAN.",
};
static const char *const blame[] = {
	"You should have read the manual before plugging it in; this is user error.",
	"This is your fault: you entered the wrong address when you ordered.",
	"You did not follow the instructions we sent, so it is not our problem.",
};
static const char *const curt[] = {
	"Checked. Done.", "We are looking into it.", "Restart the device.",
	"Refund processed.",
};
static const char *const notes[] = {
	"Called the customer, no answer. Will try again tomorrow.",
	"Checked with the warehouse: the parcel is in the returns area.",
	"Escalated to the network team, reference NET-4471.",
	"Customer is a long-standing business client; handle with care.",
};
static const char *const asks[] = {
	"Could you send me a photo of the label on the back of the device, and tell me when "
	"the problem started?",
	"Could you tell me the order number and the address it was sent to?",
};
static const char *const review_items[] = { "greeting", "empathy", "no-blame", "clear", "thanks" };

struct customer {
	int   first, last, domain, has_email, has_handle, has_phone;
};

static long end_time, start_time;
static long n_tickets;
static long n_customers;
static long message_seq, mail_seq;

static void
customer_get(long i, struct customer *c)
{
	uint64_t save = rng_state;

	/* A customer's name depends on their number only. */
	rng_state = 0x5eed0000ULL + (uint64_t)i * 7919;
	c->first = (int)(rnd() % LEN(first_names));
	c->last = (int)(rnd() % LEN(last_names));
	c->domain = (int)(rnd() % LEN(domains));
	c->has_handle = chance(0.08);
	c->has_email = !c->has_handle || chance(0.5);
	c->has_phone = chance(0.3);
	rng_state = save;
}

static char *
ascii_lower(const char *s, char *out, size_t cap)
{
	size_t n = 0;

	for (; *s && n + 1 < cap; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch >= 'A' && ch <= 'Z')
			out[n++] = (char)(ch - 'A' + 'a');
		else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			out[n++] = (char)ch;
		else if (ch >= 0x80 && (ch & 0xc0) == 0xc0)
			out[n++] = 'x';   /* one letter for each non-ASCII one */
	}
	out[n] = '\0';
	return out;
}

/* The requester as tkt prints a message's author: "Name <email>", else the
 * email, the handle or the name. */
static void
customer_ids(long i, const struct customer *c, char *email, char *handle, char *display,
             char *name, size_t cap)   /* display: 2 * cap + 4 */
{
	char f[64], l[64];

	ascii_lower(first_names[c->first], f, sizeof f);
	ascii_lower(last_names[c->last], l, sizeof l);
	snprintf(name, cap, "%s %s", first_names[c->first], last_names[c->last]);
	*email = *handle = '\0';
	if (c->has_email)
		snprintf(email, cap, "%s.%s.%ld@%s", f, l, i, domains[c->domain]);
	if (c->has_handle)
		snprintf(handle, cap, "@%s_%s%ld", f, l, i);
	if (*email)
		snprintf(display, 2 * cap + 4, "%s <%s>", name, email);
	else
		snprintf(display, 2 * cap + 4, "%s", handle);
}

/* One event, appended to the ticket's list. */
struct event {
	long        at;
	const char *what, *actor;
	char        old[48], new_[48];
};

static struct event *events;
static size_t nevents, evcap;

/* Whether an event is a survey answer, written as a rating. */
static int
is_rating(const char *what)
{
	return strcmp(what, "csat") == 0 || strcmp(what, "nps") == 0 || strcmp(what, "ces") == 0 ||
	       strcmp(what, "agentrating") == 0;
}

static void
event(long at, const char *what, const char *old, const char *new_, const char *actor)
{
	struct event *e;

	if (at >= end_time)
		return;
	if (nevents == evcap && !(events = realloc(events, (evcap = evcap * 2 + 64) * sizeof *e))) {
		perror("gen");
		exit(70);
	}
	e = &events[nevents++];
	e->at = at;
	e->what = what;
	e->actor = actor;
	snprintf(e->old, sizeof e->old, "%s", old ? old : "");
	snprintf(e->new_, sizeof e->new_, "%s", new_ ? new_ : "");
}

/* The agent's reply: a good one, or one that misses what the checklist
 * asks. */
static void
reply_body(char *out, size_t cap, const char *first, const struct agent *a, int kind)
{
	/* kind: 0 an answer, 1 asks for information, 2 a progress update */
	char hello[64];
	size_t n = 0;
	int good = chance(a->skill);
	int miss_greeting = !good && chance(0.5), miss_empathy = !good && chance(0.6);
	int miss_thanks = !good && chance(0.6), miss_further = !good && chance(0.6);
	int add_jargon = !good && chance(0.35), add_blame = !good && chance(0.15);

#define ADD(...) (n += (size_t)snprintf(n < cap ? out + n : NULL, n < cap ? cap - n : 0, \
                                        __VA_ARGS__))
	if (!good && chance(0.15)) {
		ADD("%s", PICK(curt));
		return;
	}
	fill(hello, sizeof hello, PICK(greetings), first);
	if (!miss_greeting)
		ADD("%s\n\n", hello);
	if (!miss_empathy)
		ADD("%s ", PICK(empathy));
	if (kind == 1)
		ADD("%s\n\n", PICK(asks));
	else {
		ADD("%s\n\n", add_jargon ? PICK(jargon) : PICK(explanations));
		if (add_blame)
			ADD("%s\n\n", PICK(blame));
		if (good || chance(0.5))
			ADD("%s\n\n", PICK(next_steps));
	}
	if (!miss_further)
		ADD("%s\n", PICK(further));
	if (!miss_thanks)
		ADD("%s\n", PICK(thanks));
	ADD("\n%c%s, customer support", a->name[0] - 'a' + 'A', a->name + 1);
#undef ADD
}

struct message {
	long        id, at, spent;
	const char *kind, *author, *channel;
	char        body[1400];
	char        mail_id[96];
	const char *quoted;
	int         attachment;
};

static struct message *msgs;
static size_t nmsgs, mcap;

static struct message *
message(long at, const char *kind, const char *author, const char *channel)
{
	struct message *m;

	if (at >= end_time)
		return NULL;
	if (nmsgs == mcap && !(msgs = realloc(msgs, (mcap = mcap * 2 + 16) * sizeof *m))) {
		perror("gen");
		exit(70);
	}
	m = &msgs[nmsgs++];
	m->id = ++message_seq;
	m->at = at;
	m->kind = kind;
	m->author = author;
	m->channel = channel;
	m->spent = 0;
	m->body[0] = m->mail_id[0] = '\0';
	m->quoted = NULL;
	m->attachment = 0;
	return m;
}

/* Day-time arrival: the fraction f of a day, warped so that more tickets
 * come by day than by night, in order. */
static long
arrival(long i)
{
	double span = (double)(end_time - start_time);
	double t = ((double)(i - 1) + unif() * 0.999) * span / (double)n_tickets;
	double day = floor(t / DAY), f = (t - day * DAY) / DAY;
	long at;


	f = f - 0.8 * sin(6.283185307179586 * f) / 6.283185307179586;
	at = start_time + (long)(day * DAY + f * DAY);
	return at < end_time ? at : end_time - 1;
}

static void
ticket(long id)
{
	const struct topic *tp = &topics[rnd() % LEN(topics)];
	const char *channel = channels[weighted(channel_w, LEN(channel_w))];
	const char *priority = priorities[weighted(priority_w, LEN(priority_w))];
	const struct agent *agent = NULL;
	const char *status = "new", *group = NULL;
	long created = arrival(id), t, cust, solved = 0, waiting = 0, updated;
	struct customer c;
	char email[200], handle[200], display[512], name[200], ref[16], subject[160];
	char tagv[4][16];
	int ntags = 0, k, round, transferred = 0, reopens = 0, form = chance(0.35) && tp->form;
	int on_hold = 0, asked = 0;
	size_t i, rated[16], nr, ri;

	nevents = nmsgs = 0;
	/* A fifth of tickets come from a twentieth of the customers. */
	cust = chance(0.2) ? between(1, n_customers / 20 + 1) : between(1, n_customers);
	customer_get(cust, &c);
	if (strcmp(channel, "social") == 0 && !c.has_handle)
		channel = "email";
	if (strcmp(channel, "email") == 0 && !c.has_email)
		channel = "social";
	customer_ids(cust, &c, email, handle, display, name, sizeof email);
	snprintf(ref, sizeof ref, "%06ld", 100000 + (long)(rnd() % 900000));
	k = (int)(rnd() % 3);
	fill(subject, sizeof subject, tp->subjects[k], ref);
	if (strcmp(priority, "urgent") == 0 || chance(0.1))
		group = tp->group;

	event(created, "status", NULL, "new", "tkt");
	event(created, "priority", NULL, priority, "tkt");
	event(created, "type", NULL, tp->type, "tkt");
	if (group)
		event(created, "group", NULL, group, "tkt");
	for (i = 0; i < 3; i++)
		if (chance(i == 0 ? 0.6 : 0.25)) {
			snprintf(tagv[ntags], sizeof tagv[ntags], "%s", tp->tags[i]);
			event(created, "tag", NULL, tagv[ntags++], "tkt");
		}
	if (chance(0.03)) {
		snprintf(tagv[ntags], sizeof tagv[ntags], "vip");
		event(created, "tag", NULL, tagv[ntags++], "tkt");
	}
	{
		struct message *m = message(created, "customer", NULL, channel);

		fill(m->body, sizeof m->body, tp->opening[k], ref);
		if (strcmp(channel, "email") == 0)
			snprintf(m->mail_id, sizeof m->mail_id, "<%ld.%ld@%s>", id, ++mail_seq,
			         domains[c.domain]);
		m->attachment = strcmp(channel, "email") == 0 && chance(0.03);
	}
	waiting = created;
	t = created;
	for (round = 0; round < 12; round++) {
		/* The agent: quick for urgent tickets, slow at weekends. */
		double median = strcmp(priority, "urgent") == 0 ? 0.5 * HOUR
		              : strcmp(priority, "high") == 0   ? 2 * HOUR : 5 * HOUR;
		const char *next;
		struct message *m;
		int kind;

		t += delay(median, 1.2);
		if (!agent) {
			const struct agent *pool[LEN(agents)];
			size_t np = 0;

			for (i = 0; i < LEN(agents); i++)
				if (!group || strcmp(agents[i].group, group) == 0)
					pool[np++] = &agents[i];
			agent = pool[rnd() % np];
		} else if (!transferred && round > 0 && chance(0.08)) {
			/* A transfer: to another agent, often of another group. */
			const struct agent *to = &agents[rnd() % LEN(agents)];

			if (to != agent) {
				event(t, "assignee", agent->name, to->name, agent->name);
				if (strcmp(to->group, agent->group) != 0 && group) {
					event(t, "group", group, to->group, agent->name);
					group = to->group;
				}
				agent = to;
				transferred = 1;
				t += delay(1800, 1.0);
			}
		}
		if (chance(0.12) && (m = message(t - 20, "note", agent->name, channel))) {
			snprintf(m->body, sizeof m->body, "%s", PICK(notes));
			m->spent = between(1, 10) * 60;
		}
		kind = round == 0 && chance(0.25) ? 1 : round > 0 && chance(0.3) ? 2 : 0;
		if (!(m = message(t, "agent", agent->name, channel)))
			break;
		reply_body(m->body, sizeof m->body, first_names[c.first], agent, kind);
		m->spent = between(2, 30) * 60;
		if (strcmp(channel, "email") == 0)
			snprintf(m->mail_id, sizeof m->mail_id, "<tkt.%ld.%ld@support.example.com>", id,
			         ++mail_seq);
		if (strcmp(status, "new") == 0) {
			event(t, "status", "new", "open", agent->name);
			status = "open";
		}
		if (round == 0)
			event(t, "assignee", NULL, agent->name, agent->name);
		waiting = 0;
		/* What the reply does to the ticket. */
		if (kind == 1)
			next = "pending", asked = 1;
		else if (kind == 2)
			next = chance(0.15) && !on_hold ? "on-hold" : "open";
		else
			next = chance(0.55) ? "solved" : chance(0.5) ? "pending" : "open";
		if (strcmp(next, status) != 0) {
			event(t, "status", status, next, agent->name);
			status = next;
			if (strcmp(next, "solved") == 0)
				solved = t;
			if (strcmp(next, "on-hold") == 0)
				on_hold = 1;
		}
		if (strcmp(status, "solved") == 0) {
			/* Ratings after a solve, sometimes; a reopen, sometimes; a close. */
			long r = t + delay(4 * HOUR, 1.0);

			if (chance(0.3))
				event(r, "csat", NULL, NULL, agent->name);
			if (chance(0.12))
				event(r + 60, "nps", NULL, NULL, agent->name);
			if (chance(0.06))
				event(r + 120, "agentrating", NULL, NULL, agent->name);
			if (chance(0.1))
				event(r + 180, "ces", NULL, NULL, agent->name);
			if (reopens == 0 && chance(0.08)) {
				t += delay(2 * DAY, 0.8);
				if (!(m = message(t, "customer", NULL, channel)))
					break;
				snprintf(m->body, sizeof m->body, "%s", PICK(customer_reopen));
				event(t, "status", "solved", "open", display);
				event(t, "reopen", "solved", "open", display);
				status = "open";
				solved = 0;
				waiting = t;
				reopens++;
				continue;
			}
			if (chance(0.5)) {
				long at = t + 4 * DAY;

				if (at < end_time) {
					event(at, "status", "solved", "closed", "tkt");
					status = "closed";
				}
			}
			break;
		}
		if (strcmp(status, "on-hold") == 0) {
			/* On hold for a third party: back with an update in a few days. */
			t += delay(2 * DAY, 0.5);
			event(t, "status", "on-hold", "open", agent->name);
			status = "open";
			continue;
		}
		/* The customer answers, or (pending) goes quiet and the agent solves. */
		if (strcmp(status, "pending") == 0 && chance(asked ? 0.1 : 0.3)) {
			t += delay(3 * DAY, 0.4);
			event(t, "status", "pending", "solved", agent->name);
			status = "solved";
			solved = t;
			break;
		}
		t += delay(4 * HOUR, 1.3);
		if (!(m = message(t, "customer", NULL, channel)))
			break;
		snprintf(m->body, sizeof m->body, "%s", PICK(customer_again));
		if (strcmp(channel, "email") == 0) {
			snprintf(m->mail_id, sizeof m->mail_id, "<%ld.%ld@%s>", id, ++mail_seq,
			         domains[c.domain]);
			if (chance(0.4))
				m->quoted = "On Monday, Support <support@example.com> wrote:\n> Thank you "
				            "for contacting us.";
			m->attachment = chance(0.02);
		}
		if (strcmp(status, "pending") == 0) {
			event(t, "status", "pending", "open", display);
			status = "open";
		}
		waiting = t;
	}
	if (t >= end_time && strcmp(status, "solved") != 0 && strcmp(status, "closed") != 0)
		solved = 0;

	/* Fix what the end of the year cut: the status is that of the last event. */
	for (i = 0; i < nevents; i++)
		if (strcmp(events[i].what, "status") == 0) {
			status = strcmp(events[i].new_, "new") == 0 ? "new"
			       : strcmp(events[i].new_, "open") == 0 ? "open"
			       : strcmp(events[i].new_, "pending") == 0 ? "pending"
			       : strcmp(events[i].new_, "on-hold") == 0 ? "on-hold"
			       : strcmp(events[i].new_, "solved") == 0 ? "solved" : "closed";
			if (strcmp(status, "solved") == 0)
				solved = events[i].at;
			else if (strcmp(status, "closed") != 0)
				solved = 0;
		}
	/* The customer waits from their first unanswered message. */
	waiting = 0;
	for (i = 0; i < nmsgs; i++)
		if (strcmp(msgs[i].kind, "customer") == 0 && !waiting)
			waiting = msgs[i].at;
		else if (strcmp(msgs[i].kind, "agent") == 0)
			waiting = 0;
	updated = created;
	for (i = 0; i < nmsgs; i++)
		if (msgs[i].at > updated)
			updated = msgs[i].at;
	for (i = 0; i < nevents; i++)
		if (events[i].at > updated && !is_rating(events[i].what))
			updated = events[i].at;

	/* Write it, in the order of tkt-export. */
	blen = 0;
	putf("{\"id\":%ld", id);
	jkey("subject"); jstr(subject);
	jkey("status"); jstr(status);
	jkey("priority"); jstr(priority);
	jkey("type"); jstr(tp->type);
	jkey("channel"); jstr(channel);
	{
		const char *assignee = NULL;

		for (i = 0; i < nevents; i++)
			if (strcmp(events[i].what, "assignee") == 0)
				assignee = events[i].new_;
		jkey("assignee"); jstr(assignee);
	}
	jkey("group"); jstr(group);
	jkey("template"); jstr(form ? tp->form : NULL);
	jkey("requester");
	puts_("{\"name\":"); jstr(name);
	puts_(",\"email\":"); jstr(*email ? email : NULL);
	puts_(",\"phone\":");
	if (c.has_phone)
		putf("\"+49 30 %07ld\"", cust % 10000000);
	else
		puts_("null");
	puts_(",\"handle\":"); jstr(*handle ? handle : NULL);
	puts_("}");
	jkey("created"); jtime(created);
	jkey("updated"); jtime(updated);
	jkey("solved");
	if (solved)
		jtime(solved);
	else
		puts_("null");
	jkey("waiting_since");
	if (waiting)
		jtime(waiting);
	else
		puts_("null");
	jkey("merged_into"); puts_("null");
	jkey("problem"); puts_("null");
	jkey("fields");
	if (form)
		putf("{\"order\":\"%s\",\"source\":\"form\"}", ref);
	else
		puts_("{}");
	jkey("tags");
	put("[", 1);
	qsort(tagv, (size_t)ntags, sizeof tagv[0], tag_cmp);	/* as the store lists them */
	for (k = 0; k < ntags; k++) {
		if (k)
			put(",", 1);
		jstr(tagv[k]);
	}
	put("]", 1);
	jkey("followers"); puts_("[]");
	jkey("messages");
	put("[", 1);
	for (i = 0; i < nmsgs; i++) {
		struct message *m = &msgs[i];

		if (i)
			put(",", 1);
		putf("{\"id\":%ld", m->id);
		jkey("at"); jtime(m->at);
		jkey("author"); jstr(m->author ? m->author : display);
		jkey("kind"); jstr(m->kind);
		jkey("channel"); jstr(m->channel);
		jkey("body"); jstr(m->body);
		jkey("spent"); putf("%ld", m->spent);
		jkey("message_id"); jstr(*m->mail_id ? m->mail_id : NULL);
		jkey("quoted"); jstr(m->quoted);
		/* A customer's mail keeps who sent it: the requester. */
		jkey("from");
		if (*m->mail_id && !m->author && *email) {
			puts_("{\"name\":"); jstr(name);
			puts_(",\"email\":"); jstr(email);
			put("}", 1);
		} else {
			puts_("null");
		}
		jkey("unverified"); puts_("false");
		jkey("sent"); puts_("null");
		jkey("outbox"); puts_("null");
		jkey("attachments");
		if (m->attachment)
			putf("[{\"name\":\"photo-%ld.jpg\",\"type\":\"image/jpeg\",\"size\":16,"
			     "\"path\":null,\"data\":\"FFD8FFE000104A46494600010100FFD9\"}]", m->id);
		else
			puts_("[]");
		put("}", 1);
	}
	put("]", 1);
	jkey("events");
	put("[", 1);
	for (k = 0, i = 0; i < nevents; i++) {
		struct event *e = &events[i];

		if (is_rating(e->what))
			continue;
		if (k++)
			put(",", 1);
		puts_("{\"at\":"); jtime(e->at);
		jkey("actor"); jstr(e->actor);
		jkey("what"); jstr(e->what);
		jkey("old"); jstr(*e->old ? e->old : NULL);
		jkey("new"); jstr(*e->new_ ? e->new_ : NULL);
		put("}", 1);
	}
	put("]", 1);
	jkey("ratings");
	put("[", 1);
	/* In time order, as the store gives them back: a stable insertion
	 * sort of the rating events. */
	nr = 0;
	for (i = 0; i < nevents; i++) {
		size_t j;

		if (!is_rating(events[i].what))
			continue;
		if (nr == LEN(rated))
			break;
		for (j = nr++; j > 0 && events[rated[j - 1]].at > events[i].at; j--)
			rated[j] = rated[j - 1];
		rated[j] = i;
	}
	for (k = 0, ri = 0; ri < nr; ri++) {
		struct event *e = &events[rated[ri]];
		static const int csat_w[] = { 8, 7, 10, 25, 50 };
		static const int nps_w[] = { 3, 2, 2, 3, 4, 6, 8, 10, 17, 22, 23 };
		static const int ces_w[] = { 4, 5, 8, 10, 18, 25, 30 };
		int score;
		const char *kind;

		if (strcmp(e->what, "csat") == 0)
			kind = "csat", score = 1 + (int)weighted(csat_w, LEN(csat_w));
		else if (strcmp(e->what, "nps") == 0)
			kind = "nps", score = (int)weighted(nps_w, LEN(nps_w));
		else if (strcmp(e->what, "ces") == 0)
			kind = "ces", score = 1 + (int)weighted(ces_w, LEN(ces_w));
		else if (strcmp(e->what, "agentrating") == 0)
			kind = "agent", score = (int)between(3, 10);
		else
			continue;
		if (k++)
			put(",", 1);
		puts_("{\"at\":"); jtime(e->at);
		jkey("kind"); jstr(kind);
		jkey("score"); putf("%d", score);
		jkey("agent"); jstr(e->actor);
		jkey("comment"); jstr(score <= 2 ? "Took far too long." : NULL);
		put("}", 1);
	}
	put("]", 1);
	jkey("reviews");
	put("[", 1);
	if ((strcmp(status, "solved") == 0 || strcmp(status, "closed") == 0) && chance(0.03) &&
	    updated + DAY < end_time) {
		const char *who = NULL;

		for (i = 0; i < nmsgs; i++)
			if (strcmp(msgs[i].kind, "agent") == 0)
				who = msgs[i].author;
		for (i = 0; i < 3; i++) {
			if (i)
				put(",", 1);
			puts_("{\"at\":"); jtime(updated + DAY);
			jkey("item"); jstr(review_items[(id + (long)i) % LEN(review_items)]);
			jkey("verdict"); jstr(chance(0.75) ? "pass" : "fail");
			jkey("agent"); jstr(who);
			jkey("reviewer"); jstr("lead");
			jkey("source"); jstr("person");
			jkey("evidence"); jstr(NULL);
			put("}", 1);
		}
	}
	put("]", 1);
	put("}\n", 2);
	fwrite(buf, 1, blen, stdout);
}

static long
parse_time(const char *s)
{
	int y, mo, d, h = 0, mi = 0, se = 0;

	if (sscanf(s, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &se) < 3)
		return -1;
	/* Days from the civil date, so no time zone is involved. */
	{
		long yy = y - (mo <= 2), era = (yy >= 0 ? yy : yy - 399) / 400;
		long yoe = yy - era * 400, mp = (mo + 9) % 12;
		long doy = (153 * mp + 2) / 5 + d - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

		return (era * 146097 + doe - 719468) * DAY + h * HOUR + mi * 60 + se;
	}
}

int
main(int argc, char **argv)
{
	uint64_t seed = 1;
	long i, perday = 0;
	int a;
	char *end;

	end_time = parse_time("2026-11-01");
	for (a = 1; a < argc && argv[a][0] == '-' && argv[a][1]; a++) {
		if (strcmp(argv[a], "-s") == 0 && a + 1 < argc)
			seed = strtoull(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "-e") == 0 && a + 1 < argc) {
			if ((end_time = parse_time(argv[++a])) < 0) {
				fprintf(stderr, "gen: bad time '%s'\n", argv[a]);
				return 64;
			}
		} else if (strcmp(argv[a], "-d") == 0 && a + 1 < argc) {
			if ((perday = strtol(argv[++a], &end, 10)) <= 0 || *end) {
				fprintf(stderr, "gen: bad number of tickets a day '%s'\n", argv[a]);
				return 64;
			}
		} else
			break;
	}
	if (a + 1 != argc || (n_tickets = strtol(argv[a], &end, 10)) <= 0 || *end) {
		fprintf(stderr, "usage: gen [-s SEED] [-e END] [-d PERDAY] N\n");
		return 64;
	}
	start_time = end_time - (perday ? (n_tickets + perday - 1) / perday : 365L) * DAY;
	n_customers = n_tickets / 3 + 1;
	rng_state = seed * 0x2545f4914f6cdd1dULL;
	for (i = 1; i <= n_tickets; i++)
		ticket(i);
	free(buf);
	free(events);
	free(msgs);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen: writing");
		return 74;
	}
	return 0;
}
