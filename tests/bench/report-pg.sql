-- report-pg.sql: report.sql for PostgreSQL: what `tkt-report --format tsv`
-- prints, all its metrics over one window, in plain SQL, for make bench-pg's
-- reference.  The window comes as psql variables, in unix seconds, the end
-- not included:
--
--   psql -XAtq -v ON_ERROR_STOP=1 -v since=1761955200 -v until=1793491200 \
--        -f report-pg.sql DATABASE
--
-- and the output, as canon.awk writes both, must be that of
--
--   TZ=UTC TKT_CONFIG=/dev/null/none tkt-report --db postgresql:///DATABASE \
--       --since @S --until @U --format tsv
--
-- How, and what is assumed: as report.sql, of which this is the same query
-- in PostgreSQL's words (booleans are not numbers; greatest and least for
-- SQLite's max and min of two; double precision for SQLite's reals; a cast
-- to an integer rounds, so floor where SQLite's truncates).  bz(x), the
-- business seconds since Monday 1969-12-29 (x + 259200 is the time since
-- then), and mean(s, n), s / n rounded half up, are functions of this
-- session:
CREATE FUNCTION pg_temp.bz(x bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT (x + 259200) / 604800 * 144000 + least((x + 259200) % 604800 / 86400, 5) * 28800
         + ((x + 259200) % 604800 < 432000)::int * least(greatest(x % 86400 - 32400, 0), 28800)
$$;
CREATE FUNCTION pg_temp.mean(s numeric, n bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN n > 0 THEN CAST(floor(CAST(s AS double precision) / n + 0.5) AS bigint) END
$$;
WITH
-- ---- tickets ----------------------------------------------------------------
-- The tickets the report reads: created before the end, not settled before
-- the start, with a requester; merged ones too, counted only as merged.
cand AS MATERIALIZED (
  SELECT t.id, t.created_at AS created, t.requester, t.priority, t.assignee, t.merged_into,
         t.problem
    FROM tickets t
   WHERE t.created_at < :until
     AND (t.updated_at >= :since OR t.status NOT IN ('solved', 'closed'))
     AND EXISTS (SELECT 1 FROM customers c WHERE c.id = t.requester)
),
-- Their events other than status changes.
ev AS MATERIALIZED (
  SELECT e.ticket, e.id, e.what, e.old, e.new, e.at
    FROM events e JOIN cand ON cand.id = e.ticket
   WHERE e.what IN ('priority', 'assignee', 'group', 'reopen', 'outbound')
),
-- Priority at the window's end: the last change before it, else the value
-- before the first change after it, else the value now.
attr AS (
  SELECT ticket,
         bool_or(what = 'priority') AS has_p, max(CASE WHEN what = 'priority' THEN v END) AS priority,
         bool_or(what = 'outbound') AS outbound
    FROM (SELECT ticket, what, CASE WHEN at < :until THEN new ELSE old END AS v,
                 row_number() OVER (PARTITION BY ticket, what
                                    ORDER BY at >= :until,
                                             CASE WHEN at < :until THEN -at ELSE at END,
                                             CASE WHEN at < :until THEN -id ELSE id END) AS n
            FROM ev WHERE what IN ('priority', 'outbound')) x
   WHERE n = 1
   GROUP BY ticket
),
-- Each ticket not merged with the targets of its priority, and for one
-- opened by an agent (an outbound event) its opening message: its first
-- agent message, not a reply.
tk AS MATERIALIZED (
  SELECT id, created, requester, problem,
         CASE priority WHEN 'low' THEN 86400 WHEN 'high' THEN 14400 WHEN 'urgent' THEN 3600
                       ELSE 28800 END AS fr_target,
         CASE priority WHEN 'low' THEN 86400 WHEN 'high' THEN 14400 WHEN 'urgent' THEN 7200
                       ELSE 28800 END AS nr_target,
         CASE priority WHEN 'low' THEN 288000 WHEN 'high' THEN 86400 WHEN 'urgent' THEN 86400
                       ELSE 144000 END AS res_target,
         priority IS DISTINCT FROM 'urgent' AS biz,
         CASE WHEN outbound THEN (SELECT m.id FROM messages m
                                   WHERE m.ticket = x.id AND m.kind = 'agent' AND m.created_at < :until
                                   ORDER BY m.created_at, m.id LIMIT 1) END AS opening
    FROM (SELECT cand.id, cand.created, cand.requester, cand.problem,
                 CASE WHEN attr.has_p THEN attr.priority ELSE cand.priority END AS priority,
                 coalesce(attr.outbound, false) AS outbound
            FROM cand LEFT JOIN attr ON attr.ticket = cand.id
           WHERE cand.merged_into IS NULL) x
),

-- ---- status changes ---------------------------------------------------------
-- Each change before the end with the status before it (new at creation)
-- and the next change.  Codes: 0 new, 1 open, 2 on-hold (active: the
-- customer waits), 3 pending, 4 solved, 5 closed (done), 6 anything else.
-- A solve is a change to solved, or to closed from a status not done; dur
-- is the time spent in the status before.  One pass in index order.
st0 AS (
  SELECT e.ticket, e.id, e.at, e.new AS status, tk.created,
         coalesce(lag(e.new) OVER w, 'new') AS prev,
         coalesce(lag(e.at) OVER w, tk.created) AS prev_at,
         coalesce(lead(e.at) OVER w, :until) AS next_at,
         row_number() OVER w AS seq
    FROM events e JOIN tk ON tk.id = e.ticket
   WHERE e.what = 'status' AND e.new IS NOT NULL AND e.at < :until
  WINDOW w AS (PARTITION BY e.ticket ORDER BY e.at, e.id)
),
st AS MATERIALIZED (
  SELECT ticket, id, at, seq, next_at, code, pcode,
         code = 4 OR (code = 5 AND pcode NOT IN (4, 5)) AS solve,
         pcode > 2 AND code <= 2 AS act,
         pcode <= 2 AND code > 2 AS deact,
         greatest(at - prev_at, 0) AS dur
    FROM (SELECT st0.*,
                 CASE status WHEN 'new' THEN 0 WHEN 'open' THEN 1 WHEN 'on-hold' THEN 2
                             WHEN 'pending' THEN 3 WHEN 'solved' THEN 4 WHEN 'closed' THEN 5
                             ELSE 6 END AS code,
                 CASE prev WHEN 'new' THEN 0 WHEN 'open' THEN 1 WHEN 'on-hold' THEN 2
                           WHEN 'pending' THEN 3 WHEN 'solved' THEN 4 WHEN 'closed' THEN 5
                           ELSE 6 END AS pcode
            FROM st0) x
),

-- ---- the timeline -----------------------------------------------------------
tl AS (
  SELECT m.ticket, m.created_at AS at, 1 AS typ, m.id, m.kind, m.author, m.spent,
         m.id IS NOT DISTINCT FROM tk.opening AS opening, NULL AS seq, NULL AS code, NULL AS pcode,
         false AS solve, false AS act, false AS deact, NULL AS dur
    FROM messages m JOIN tk ON tk.id = m.ticket
   WHERE m.created_at < :until
  UNION ALL
  SELECT ticket, at, 2, id, 'status', NULL, 0, false, seq, code, pcode, solve, act, deact, dur
    FROM st
  UNION ALL
  SELECT ev.ticket, ev.at, 2, ev.id, 'reopen', NULL, 0, false, NULL, NULL, NULL, false, false, false, NULL
    FROM ev JOIN tk ON tk.id = ev.ticket
   WHERE ev.what = 'reopen' AND ev.at < :until
),
-- For each row: stk, the last status change up to it (seq * 8 + code: for a
-- message, the status it was written in); and after it the next reply nr,
-- change to an inactive status nd, solve ns, and customer or agent message
-- nm ((time * 2^31 + id) * 2, plus 1 for an agent's).
tw AS (
  SELECT tl.*,
         max(CASE WHEN kind = 'status' THEN seq * 8 + code END)
             OVER (w ROWS UNBOUNDED PRECEDING) AS stk,
         min(CASE WHEN kind = 'agent' AND NOT opening THEN at END)
             OVER (w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS nr,
         min(CASE WHEN deact THEN at END)
             OVER (w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS nd,
         min(CASE WHEN solve THEN at END)
             OVER (w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS ns,
         min(CASE WHEN kind IN ('customer', 'agent')
                  THEN (at * 2147483648 + id) * 2 + (kind = 'agent')::int END)
             OVER (w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS nm
    FROM tl
  WINDOW w AS (PARTITION BY ticket ORDER BY at, typ, id)
),
tx AS MATERIALIZED (
  SELECT ticket, at, kind, author, spent, seq, code, pcode, solve, act, deact, dur, nr, nd, ns, nm,
         coalesce(stk % 8, 0) AS sat,
         kind = 'agent' AND NOT opening AS reply
    FROM tw
   WHERE kind IN ('agent', 'status', 'reopen') OR spent <> 0
),

-- ---- each ticket ------------------------------------------------------------
-- ras: replies before the last solve in a status not done; rar: a reply
-- after a reopen before the next solve; fin: the status at the end; t_*:
-- time in new, open, on-hold and pending up to the last solve.
pt AS (
  SELECT ticket,
         min(at) FILTER (WHERE reply) AS first_reply,
         count(*) FILTER (WHERE reply AND sat NOT IN (4, 5) AND ns IS NOT NULL) AS ras,
         bool_or(kind = 'reopen' AND nr IS NOT NULL AND (ns IS NULL OR nr <= ns)) AS rar,
         max(seq * 8 + code) % 8 AS fin,
         min(at) FILTER (WHERE solve) AS first_solve,
         max(at) FILTER (WHERE solve) AS last_solve,
         sum(dur) FILTER (WHERE pcode = 0 AND (solve OR ns IS NOT NULL)) AS t_new,
         sum(dur) FILTER (WHERE pcode = 1 AND (solve OR ns IS NOT NULL)) AS t_open,
         sum(dur) FILTER (WHERE pcode = 2 AND (solve OR ns IS NOT NULL)) AS t_hold,
         sum(dur) FILTER (WHERE pcode = 3 AND (solve OR ns IS NOT NULL)) AS t_pend,
         count(*) FILTER (WHERE kind = 'reopen') AS reopens,
         min(at) FILTER (WHERE kind = 'reopen' AND at >= :since) AS first_reopen,
         min(at) FILTER (WHERE deact) AS first_deact
    FROM tx
   GROUP BY ticket
),
-- The problems: the number of tickets naming each, and when the first of
-- them was created.
inc AS (
  SELECT problem AS id, count(*) AS n, min(created_at) AS first
    FROM tickets WHERE problem IS NOT NULL GROUP BY problem
),
-- Transfers before the end: changes of assignee or group from someone.
tr AS (
  SELECT ticket, count(*) AS n FROM ev
   WHERE what IN ('assignee', 'group') AND old IS NOT NULL AND at < :until
   GROUP BY ticket
),
p AS MATERIALIZED (
  SELECT tk.id, tk.created, tk.requester, tk.problem, tk.fr_target, tk.nr_target,
         tk.res_target, tk.biz, (SELECT created_at FROM messages WHERE id = tk.opening) AS open_at,
         coalesce(pt.fin, 0) AS fin, pt.first_reply, coalesce(pt.ras, 0) AS ras,
         coalesce(pt.rar, false) AS rar, pt.first_solve, pt.last_solve,
         coalesce(pt.t_new, 0) AS t_new, coalesce(pt.t_open, 0) AS t_open,
         coalesce(pt.t_hold, 0) AS t_hold, coalesce(pt.t_pend, 0) AS t_pend,
         coalesce(pt.reopens, 0) AS reopens, pt.first_reopen, pt.first_deact,
         coalesce(tr.n, 0) AS transfers, coalesce(inc.n, 0) AS incidents,
         least(tk.created, coalesce(inc.first, tk.created)) AS first_report
    FROM tk LEFT JOIN pt ON pt.ticket = tk.id LEFT JOIN tr ON tr.ticket = tk.id
            LEFT JOIN inc ON inc.id = tk.id
),
-- The first reply, the last solve and the window's end on the clock of the
-- ticket's targets (bz: the business clock).
pk AS (
  SELECT p.*,
         CASE WHEN first_reply <= created THEN 0 WHEN biz THEN pg_temp.bz(first_reply) - pg_temp.bz(created)
              ELSE first_reply - created END AS fr_dur,
         CASE WHEN last_solve <= created THEN 0 WHEN biz THEN pg_temp.bz(last_solve) - pg_temp.bz(created)
              ELSE last_solve - created END AS res_dur,
         CASE WHEN :until <= created THEN 0 WHEN biz THEN pg_temp.bz(:until) - pg_temp.bz(created)
              ELSE :until - created END AS end_dur
    FROM p
),

-- ---- updates ----------------------------------------------------------------
-- Stretches [f, t) without an update while the customer waits: each starts
-- where the clock is reset (creation, a reply or the opening message while
-- active, a change back to an active status) and ends at the next reply, the
-- next change to an inactive status or the window's end.  None ends at the
-- opening message, which only resets the clock.  exceeded: longer than the
-- update target, 24 hours.
gap AS (
  SELECT ticket, f, t FROM (
    SELECT tx.ticket, tx.at AS f,
           CASE WHEN tx.act AND tx.at < p.open_at THEN
                  CASE WHEN p.open_at <= coalesce(tx.nd, :until) THEN NULL ELSE tx.nd END
                ELSE least(coalesce(tx.nr, :until), coalesce(tx.nd, :until)) END AS t
      FROM tx JOIN p ON p.id = tx.ticket
     WHERE (tx.kind = 'agent' AND tx.sat <= 2) OR tx.act
    UNION ALL
    SELECT id, created,
           CASE WHEN open_at IS NOT NULL THEN
                  CASE WHEN open_at <= coalesce(first_deact, :until) THEN NULL ELSE first_deact END
                ELSE least(coalesce(first_reply, :until), coalesce(first_deact, :until)) END
      FROM p) g
   WHERE t > f
),
gx AS (
  SELECT gap.ticket, f, t, p.biz,
         CASE WHEN p.biz THEN
             pg_temp.bz(t) - pg_temp.bz(f)
           ELSE t - f END > 86400 AS exceeded
    FROM gap JOIN p ON p.id = gap.ticket
),
-- The status from f to t: from creation to the first change, then from
-- each change to the next (or to the end).
seg AS (
  SELECT tk.id AS ticket, tk.created AS f, coalesce(st.at, :until) AS t, 0 AS code
    FROM tk LEFT JOIN st ON st.ticket = tk.id AND st.seq = 1
  UNION ALL
  SELECT ticket, at, next_at, code FROM st
),

-- ---- the window's end ------------------------------------------------------
-- The backlog: tickets not done at the end.  Update compliance: of the
-- tickets with an active segment in the window, those without a stretch
-- longer than the target overlapping it; overdue: the stretch still open at
-- the end is already longer.
act AS (SELECT DISTINCT ticket FROM seg WHERE code <= 2 AND t > f AND t > :since),
bad AS (SELECT DISTINCT ticket FROM gx WHERE exceeded AND t > :since),
g_snap AS (
  SELECT (SELECT count(*) FROM p WHERE fin NOT IN (4, 5)) AS backlog,
         (SELECT sum(:until - created) FROM p WHERE fin NOT IN (4, 5)) AS age_sum,
         (SELECT count(*) FROM act) AS active,
         (SELECT count(*) FROM act WHERE ticket NOT IN (SELECT ticket FROM bad)) AS upd_ok,
         (SELECT count(*) FROM gx WHERE t = :until AND exceeded) AS overdue
),
-- ---- the numbers ------------------------------------------------------------
g_created AS (
  SELECT count(*) AS created,
         count(first_reply) AS fr_n, sum(greatest(first_reply - created, 0)) AS fr_sum,
         count(*) FILTER (WHERE fr_dur <= fr_target) AS fr_ok,
         count(*) FILTER (WHERE fr_dur > fr_target
                             OR (first_reply IS NULL AND end_dur > fr_target)) AS fr_late,
         count(*) FILTER (WHERE first_reply IS NULL) AS unanswered,
         count(*) FILTER (WHERE fin IN (4, 5)) AS created_done,
         count(*) FILTER (WHERE transfers > 0) AS reassigned
    FROM pk WHERE created >= :since
),
g_cust AS (
  SELECT count(*) AS cust, count(*) FILTER (WHERE n > 1) AS rep
    FROM (SELECT requester, count(*) AS n FROM p WHERE created >= :since GROUP BY requester) x
),
g_first AS (
  SELECT count(*) AS fi_n, sum(greatest(first_solve - created, 0)) AS fi_sum
    FROM p WHERE first_solve >= :since
),
g_solved AS (
  SELECT count(*) AS solved, sum(greatest(last_solve - created, 0)) AS full_sum,
         count(*) FILTER (WHERE res_dur <= res_target) AS res_ok,
         count(*) FILTER (WHERE res_dur > res_target) AS res_late,
         count(*) FILTER (WHERE reopens > 0) AS reopened, sum(ras) AS so_replies,
         count(*) FILTER (WHERE problem IS NULL) AS touch_solved,
         count(*) FILTER (WHERE ras <= 1 AND NOT rar AND problem IS NULL) AS one_touch,
         sum(t_new + t_open + t_hold) AS wait_sum, sum(t_new + t_open) AS work_sum,
         sum(t_new) AS new_sum, sum(t_open) AS open_sum, sum(t_hold) AS hold_sum,
         sum(t_pend) AS pend_sum,
         count(*) FILTER (WHERE incidents > 0) AS pr_n,
         sum(incidents) FILTER (WHERE incidents > 0) AS pr_inc,
         sum(greatest(last_solve - first_report, 0)) FILTER (WHERE incidents > 0) AS pr_sum
    FROM pk WHERE last_solve >= :since
),
-- unsolved at the end and past the resolution target
g_late AS (
  SELECT count(*) AS late_n FROM pk WHERE fin NOT IN (4, 5) AND end_dur > res_target
),
g_reopen AS (
  SELECT count(*) AS reopened_n FROM p WHERE first_reopen IS NOT NULL
),
-- Waits for the next reply that start in the window: from the first
-- customer message after a reply to the reply after it.
wt AS (
  SELECT at, we - at AS d,
         CASE WHEN p.biz THEN
             pg_temp.bz(we) - pg_temp.bz(at)
           ELSE we - at END <= p.nr_target AS ok
    FROM (SELECT ticket, nm / 2 / 2147483648 AS at, nr AS we FROM tx
           WHERE reply AND nm % 2 = 0 AND nr IS NOT NULL AND nm / 2 / 2147483648 >= :since) w
    JOIN p ON p.id = w.ticket
),
g_wait AS (
  SELECT count(*) AS wa_n, sum(d) AS wa_sum, sum(ok::int) AS wa_ok, sum((NOT ok)::int) AS wa_late FROM wt
),
g_transfer AS (
  SELECT count(*) AS transfers
    FROM ev JOIN p ON p.id = ev.ticket
   WHERE ev.what IN ('assignee', 'group') AND ev.old IS NOT NULL
     AND ev.at >= :since AND ev.at < :until
),
g_rating AS (
  SELECT count(*) FILTER (WHERE r.kind = 'csat') AS csat_n,
         count(*) FILTER (WHERE r.kind = 'csat' AND r.score >= 4) AS csat_pos,
         count(*) FILTER (WHERE r.kind = 'nps') AS nps_n,
         count(*) FILTER (WHERE r.kind = 'nps' AND r.score >= 9) AS nps_pro,
         count(*) FILTER (WHERE r.kind = 'nps' AND r.score <= 6) AS nps_det,
         count(*) FILTER (WHERE r.kind = 'ces') AS ces_n,
         sum(r.score) FILTER (WHERE r.kind = 'ces') AS ces_sum,
         count(*) FILTER (WHERE r.kind = 'ces' AND r.score >= 5) AS ces_easy,
         count(*) FILTER (WHERE r.kind NOT IN ('csat', 'nps', 'ces')) AS ag_n,
         sum(r.score) FILTER (WHERE r.kind NOT IN ('csat', 'nps', 'ces')) AS ag_sum,
         count(*) FILTER (WHERE r.kind NOT IN ('csat', 'nps', 'ces') AND r.score <= 2) AS ag_neg
    FROM ratings r JOIN p ON p.id = r.ticket
   WHERE r.at >= :since AND r.at < :until
),
g_msg AS (
  SELECT count(*) FILTER (WHERE kind = 'agent') AS replies, coalesce(sum(spent), 0) AS work
    FROM tx WHERE at >= :since AND (kind = 'agent' OR spent <> 0)
),
-- Merges in the window: the 'merged' events of the merged tickets.
g_merged AS (
  SELECT count(*) AS merged
    FROM events e JOIN cand ON cand.id = e.ticket
   WHERE cand.merged_into IS NOT NULL AND e.what = 'merged'
     AND e.at >= :since AND e.at < :until
),
-- The durations that medians and percentiles sort, by set: 1 backlog age,
-- 2 first reply, 3 next reply, 4 first resolution, 5 full resolution,
-- 6 requester wait, 7 problem resolution (from the first report of the
-- fault, its first incident or itself, to the last solve).
sm AS (
  SELECT 1 AS sid, :until - created AS v FROM p WHERE fin NOT IN (4, 5)
  UNION ALL
  SELECT 2, greatest(first_reply - created, 0) FROM p WHERE created >= :since AND first_reply IS NOT NULL
  UNION ALL
  SELECT 3, d FROM wt
  UNION ALL
  SELECT 4, greatest(first_solve - created, 0) FROM p WHERE first_solve >= :since
  UNION ALL
  SELECT 5, greatest(last_solve - created, 0) FROM p WHERE last_solve >= :since
  UNION ALL
  SELECT 6, t_new + t_open + t_hold FROM p WHERE last_solve >= :since
  UNION ALL
  SELECT 7, greatest(last_solve - first_report, 0) FROM p WHERE last_solve >= :since AND incidents > 0
),
-- Nearest rank: the value at rank ceil(p * n) is the smallest whose
-- cumulative share reaches p.
pc AS (
  SELECT sid, min(CASE WHEN cd >= 0.5 THEN v END) AS median, min(CASE WHEN cd >= 0.9 THEN v END) AS p90
    FROM (SELECT sid, v, cume_dist() OVER (PARTITION BY sid ORDER BY v) AS cd FROM sm) x
   GROUP BY sid
),
gw AS (
  SELECT *,
         (SELECT median FROM pc WHERE sid = 1) AS bl_med,
         (SELECT median FROM pc WHERE sid = 2) AS fr_med, (SELECT p90 FROM pc WHERE sid = 2) AS fr_p90,
         (SELECT median FROM pc WHERE sid = 3) AS wa_med, (SELECT p90 FROM pc WHERE sid = 3) AS wa_p90,
         (SELECT median FROM pc WHERE sid = 4) AS fi_med, (SELECT p90 FROM pc WHERE sid = 4) AS fi_p90,
         (SELECT median FROM pc WHERE sid = 5) AS so_med, (SELECT p90 FROM pc WHERE sid = 5) AS so_p90,
         (SELECT median FROM pc WHERE sid = 6) AS rw_med,
         (SELECT median FROM pc WHERE sid = 7) AS pr_med
    FROM g_created, g_cust, g_first, g_solved, g_late, g_reopen, g_wait, g_transfer, g_rating,
         g_msg, g_merged, g_snap
),

-- ---- printing -----------------------------------------------------------------
-- Metric i: iv, a whole number (counts, seconds; means
-- rounded half up), or rv, a rate or ratio printed with one decimal; neither
-- when it has no value.
num AS (
  SELECT m.i,
    CASE m.i
      WHEN 1 THEN coalesce(created, 0)
      WHEN 2 THEN coalesce(solved, 0)
      WHEN 3 THEN coalesce(reopened_n, 0)
      WHEN 4 THEN coalesce(backlog, 0)
      WHEN 5 THEN bl_med
      WHEN 6 THEN pg_temp.mean(age_sum, backlog)
      WHEN 7 THEN fr_med
      WHEN 8 THEN pg_temp.mean(fr_sum, fr_n)
      WHEN 9 THEN fr_p90
      WHEN 10 THEN coalesce(unanswered, 0)
      WHEN 12 THEN wa_med
      WHEN 13 THEN pg_temp.mean(wa_sum, wa_n)
      WHEN 14 THEN wa_p90
      WHEN 16 THEN fi_med
      WHEN 17 THEN pg_temp.mean(fi_sum, fi_n)
      WHEN 18 THEN fi_p90
      WHEN 19 THEN so_med
      WHEN 20 THEN pg_temp.mean(full_sum, solved)
      WHEN 21 THEN so_p90
      WHEN 23 THEN rw_med
      WHEN 24 THEN pg_temp.mean(wait_sum, solved)
      WHEN 25 THEN pg_temp.mean(work_sum, solved)
      WHEN 26 THEN pg_temp.mean(new_sum, solved)
      WHEN 27 THEN pg_temp.mean(open_sum, solved)
      WHEN 28 THEN pg_temp.mean(hold_sum, solved)
      WHEN 29 THEN pg_temp.mean(pend_sum, solved)
      WHEN 36 THEN coalesce(overdue, 0)
      WHEN 38 THEN coalesce(csat_n, 0)
      WHEN 40 THEN coalesce(nps_n, 0)
      WHEN 43 THEN coalesce(ces_n, 0)
      WHEN 45 THEN coalesce(ag_n, 0)
      WHEN 47 THEN coalesce(transfers, 0)
      WHEN 49 THEN coalesce(replies, 0)
      WHEN 50 THEN coalesce(work, 0)
      WHEN 51 THEN coalesce(merged, 0)
      WHEN 52 THEN coalesce(pr_n, 0)
      WHEN 54 THEN pr_med
      WHEN 55 THEN pg_temp.mean(pr_sum, pr_n)
    END AS iv,
    CASE m.i
      WHEN 11 THEN CAST(fr_ok AS double precision) / nullif(fr_ok + fr_late, 0) * 100
      WHEN 15 THEN CAST(wa_ok AS double precision) / nullif(wa_ok + wa_late, 0) * 100
      WHEN 22 THEN CAST(coalesce(res_ok, 0) AS double precision)
                   / nullif(coalesce(res_ok, 0) + coalesce(res_late, 0) + coalesce(late_n, 0), 0) * 100
      WHEN 30 THEN CAST(one_touch AS double precision) / nullif(touch_solved, 0) * 100
      WHEN 31 THEN CAST(created_done AS double precision) / nullif(created, 0) * 100
      WHEN 32 THEN CAST(reopened AS double precision) / nullif(solved, 0) * 100
      WHEN 33 THEN CAST(so_replies AS double precision) / nullif(solved, 0)
      WHEN 34 THEN CAST(rep AS double precision) / nullif(cust, 0) * 100
      WHEN 35 THEN CAST(upd_ok AS double precision) / nullif(active, 0) * 100
      WHEN 37 THEN CAST(csat_pos AS double precision) / nullif(csat_n, 0) * 100
      WHEN 39 THEN CAST(nps_pro - nps_det AS double precision) / nullif(nps_n, 0) * 100
      WHEN 41 THEN CAST(ces_sum AS double precision) / nullif(ces_n, 0)
      WHEN 42 THEN CAST(ces_easy AS double precision) / nullif(ces_n, 0) * 100
      WHEN 44 THEN CAST(ag_sum AS double precision) / nullif(ag_n, 0)
      WHEN 46 THEN CAST(ag_neg AS double precision) / nullif(ag_n, 0) * 100
      WHEN 48 THEN CAST(reassigned AS double precision) / nullif(created, 0) * 100
      WHEN 53 THEN CAST(pr_inc AS double precision) / nullif(pr_n, 0)
    END AS rv
  FROM gw g CROSS JOIN generate_series(1, 55) AS m(i)
),
-- printf's %.1f, which rounds the double's exact binary value, halves to
-- even (SQLite's printf does not): m is the value's tenths rounded down,
-- b the double nearest the midpoint (2m + 1) / 20 above them.  A value
-- other than b lies on its side of the midpoint; one equal to b needs the
-- exact sign of b * 20 - (2m + 1), b * 16 + b * 4 split by TwoSum into s
-- and err (the subtraction s - (2m + 1) is exact).
r1 AS (
  SELECT i, iv, rv, abs(rv) AS a, CAST(trunc(abs(rv) * 10) AS bigint) AS m FROM num
),
r2 AS (
  SELECT r1.*, CAST(2 * m + 1 AS double precision) / 20 AS b FROM r1
),
r3 AS (
  SELECT r2.*, b * 16 + b * 4 AS s FROM r2
),
r4 AS (
  SELECT r3.*, (b * 16 - (s - (s - b * 16))) + (b * 4 - (s - b * 16)) AS err FROM r3
),
fmt AS (
  SELECT i,
         CASE WHEN rv IS NULL THEN coalesce(iv::text, '')
              ELSE (CASE WHEN rv < 0 THEN '-' ELSE '' END) || (n / 10) || '.' || (n % 10) END AS f
    FROM (SELECT r4.*,
                 m + CASE WHEN a < b THEN 0 WHEN a > b THEN 1
                          WHEN s - (2 * m + 1) > 0 THEN 1 WHEN s - (2 * m + 1) < 0 THEN 0
                          WHEN err > 0 THEN 1 WHEN err < 0 THEN 0
                          ELSE m % 2 END AS n
            FROM r4) x
),
line AS (
  SELECT string_agg(f, chr(9) ORDER BY i) AS l FROM fmt
)
SELECT l FROM (
  SELECT 0 AS o,
         'created' || chr(9) || 'solved' || chr(9) || 'reopened' || chr(9) || 'backlog'
         || chr(9) || 'backlog_age_median' || chr(9) || 'backlog_age_mean'
         || chr(9) || 'first_reply_median' || chr(9) || 'first_reply_mean'
         || chr(9) || 'first_reply_p90' || chr(9) || 'unanswered'
         || chr(9) || 'first_reply_within' || chr(9) || 'next_reply_median'
         || chr(9) || 'next_reply_mean' || chr(9) || 'next_reply_p90'
         || chr(9) || 'next_reply_within' || chr(9) || 'first_resolution_median'
         || chr(9) || 'first_resolution_mean' || chr(9) || 'first_resolution_p90'
         || chr(9) || 'full_resolution_median' || chr(9) || 'full_resolution_mean'
         || chr(9) || 'full_resolution_p90' || chr(9) || 'resolution_within'
         || chr(9) || 'requester_wait_median' || chr(9) || 'requester_wait_mean'
         || chr(9) || 'agent_work_mean' || chr(9) || 'new_time_mean'
         || chr(9) || 'open_time_mean' || chr(9) || 'on_hold_time_mean'
         || chr(9) || 'pending_time_mean' || chr(9) || 'one_touch_rate'
         || chr(9) || 'resolution_rate' || chr(9) || 'reopen_rate'
         || chr(9) || 'replies_per_solved' || chr(9) || 'repeat_contact_rate'
         || chr(9) || 'update_compliance' || chr(9) || 'update_overdue' || chr(9) || 'csat'
         || chr(9) || 'csat_count' || chr(9) || 'nps' || chr(9) || 'nps_count'
         || chr(9) || 'ces' || chr(9) || 'ces_easy' || chr(9) || 'ces_count'
         || chr(9) || 'agent_rating' || chr(9) || 'agent_rating_count'
         || chr(9) || 'negative_rate' || chr(9) || 'transfers' || chr(9) || 'reassigned_rate'
         || chr(9) || 'replies' || chr(9) || 'work_time' || chr(9) || 'merged'
         || chr(9) || 'problems_solved' || chr(9) || 'incidents_per_problem'
         || chr(9) || 'problem_resolution_median' || chr(9) || 'problem_resolution_mean' AS l
  UNION ALL
  SELECT 1, l FROM line) x
ORDER BY o;
