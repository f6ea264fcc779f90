#!/usr/bin/perl
# make qa-agreement: how often qa-check says what a person said.  The
# replies of tests/data/qa/labels/*.tsv, labelled by hand as
# ../shared/QA-ITEMS.md says (the format: tests/data/qa/labels/README),
# are loaded through the tools (tkt-new --batch, each reply against the
# customer message it answers) and checked with qa-check --json.  For
# each item and overall: coverage, the share of the person's pass and
# fail verdicts that qa-check decided (pass, fail or na: not left
# unreviewed), and agreement, the share of those where it said the same.
# A third of the set, chosen by a fixed seed, is held out: tuned on
# never, looked at only to measure.  Its table is printed; its cases are
# listed only with --held-out.
#   usage: perl tests/qa/agreement.pl [--held-out] [--tsv FILE] BIN LABELS...
use strict;
use warnings;
use Digest::MD5 qw(md5);
use File::Temp qw(tempdir);
use JSON::PP;

my ($show_held, $tsv_out) = (0, undef);
while (@ARGV && $ARGV[0] =~ /^--/) {
	my $o = shift;
	if ($o eq '--held-out') { $show_held = 1 }
	elsif ($o eq '--tsv') { $tsv_out = shift }
	else { die "agreement.pl: unknown option $o\n" }
}
my $bin = shift or die "usage: agreement.pl [--held-out] [--tsv FILE] BIN LABELS...\n";
my @files = @ARGV or die "agreement.pl: no labels given\n";
my @items = qw(greeting empathy name clear jargon solution timeline next-steps educate
               positive-tone further-questions thanks no-blame);
my $seed = 'tkt-qa-held-out-1';

# ---- the labels --------------------------------------------------------
sub unescape { my $s = shift; $s =~ s/\\(.)/$1 eq 'n' ? "\n" : $1 eq 't' ? "\t" : $1/ge; $s }
my (@rows, %seen);
for my $f (@files) {
	open my $in, '<:encoding(UTF-8)', $f or die "agreement.pl: $f: $!\n";
	my $head = <$in>;
	chomp $head;
	my @cols = split /\t/, $head, -1;
	while (my $line = <$in>) {
		chomp $line;
		next if $line eq '';
		my @f = split /\t/, $line, -1;
		die "agreement.pl: $f:$.: " . scalar(@f) . " fields, the header has " . scalar(@cols) . "\n"
			if @f != @cols;
		my %r;
		@r{@cols} = map { unescape($_) } @f;
		die "agreement.pl: $f:$.: id $r{id} twice\n" if $seen{$r{id}}++;
		for (@items) {
			die "agreement.pl: $f:$.: $_ is '$r{$_}', not pass, fail or na\n"
				unless ($r{$_} // '') =~ /^(pass|fail|na)$/;
		}
		$r{held} = unpack('C', md5($seed . $r{id})) % 3 == 0;
		push @rows, \%r;
	}
}

# ---- through the tools -----------------------------------------------------
my $dir = tempdir(CLEANUP => 1);
my $db = "$dir/qa.db";
my $json = JSON::PP->new->utf8->canonical;
open my $batch, '>', "$dir/batch.jsonl" or die "agreement.pl: $!\n";
for my $i (0 .. $#rows) {
	my $r = $rows[$i];
	my %who;
	$who{name} = $r->{customer_name} if $r->{customer_name} ne '';
	$who{handle} = $r->{customer_handle} if $r->{customer_handle} ne '';
	$who{email} = sprintf 'c%d@qa.example', $i + 1 unless %who;
	my $author = $r->{customer_name} ne '' ? $r->{customer_name} : $r->{customer_handle} ne '' ? $r->{customer_handle} : $who{email};
	my $customer = $r->{customer} =~ /\S/ ? $r->{customer} : '(no message)';
	my @m = ({ at => '2026-11-02T09:00:00Z', kind => 'customer', author => $author, body => $customer },
	         { at => '2026-11-02T10:00:00Z', kind => 'agent', author => 'agent', body => $r->{reply} });
	print $batch $json->encode({ id => $i + 1, subject => "QA $r->{id}", requester => \%who,
	                             created => '2026-11-02T09:00:00Z', channel => 'email', messages => \@m }), "\n";
}
close $batch;
system("$bin/tkt-new --db '$db' --batch -q < '$dir/batch.jsonl'") == 0 or die "agreement.pl: tkt-new --batch failed\n";
open my $qa, '-|', "$bin/qa-check --db '$db' --json" or die "agreement.pl: qa-check: $!\n";
my %said;
while (my $line = <$qa>) {
	my $t = $json->decode($line);
	$said{$t->{id}}{$_->{id}} = [ $_->{verdict} eq 'n/a' ? 'na' : $_->{verdict}, $_->{evidence} ]
		for @{ $t->{items} };
}
close $qa;

# ---- the tables --------------------------------------------------------------
my (%n, %decided, %agreed, @wrong);
for my $i (0 .. $#rows) {
	my $r = $rows[$i];
	my $part = $r->{held} ? 'held-out' : 'development';
	for my $item (@items) {
		my $person = $r->{$item};
		next if $person eq 'na';
		my ($v, $ev) = @{ $said{$i + 1}{$item} // [ 'missing', '' ] };
		for my $k ($item, 'overall') {
			$n{$part}{$k}++;
			next if $v eq 'unreviewed' || $v eq 'missing';
			$decided{$part}{$k}++;
			$agreed{$part}{$k}++ if $v eq $person;
		}
		push @wrong, [ $part, $r->{id}, $item, $person, $v, $ev, $r->{note} // '' ]
			if $v ne $person && $v ne 'unreviewed';
	}
}
my $out;
if ($tsv_out) { open $out, '>', $tsv_out or die "agreement.pl: $tsv_out: $!\n" }
binmode STDOUT, ':encoding(UTF-8)';
for my $part ('development', 'held-out') {
	my $rows = grep { ($_->{held} ? 'held-out' : 'development') eq $part } @rows;
	printf "%s: %d replies\n%-18s %6s %9s %9s\n", $part, $rows, 'item', 'judged', 'coverage', 'agreement';
	for my $k (@items, 'overall') {
		my $n = $n{$part}{$k} // 0;
		my $d = $decided{$part}{$k} // 0;
		my $cov = $n ? 100 * $d / $n : 0;
		my $agr = $d ? 100 * ($agreed{$part}{$k} // 0) / $d : 0;
		printf "%-18s %6d %8.1f%% %8.1f%%\n", $k, $n, $cov, $agr;
		printf $out "%s\t%s\t%d\t%.1f\t%.1f\n", $part, $k, $n, $cov, $agr if $out;
	}
	print "\n";
}
for my $w (@wrong) {
	next if $w->[0] eq 'held-out' && !$show_held;
	printf "wrong %s %s %s: person %s, qa-check %s (%s)%s\n", @$w[0 .. 5], $w->[6] ne '' ? "; note: $w->[6]" : '';
}
