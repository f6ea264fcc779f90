#!/usr/bin/perl
# examples.pl DIR FILE...: the commands of the man pages' EXAMPLES and of
# the README's code blocks, as tests/cli/0095-examples.t runs them.
#
# A man page (FILE ending in .1 to .9) is read from the literal displays
# of its EXAMPLES, its escapes made what a reader sees; README.md as
# written.  A command is
# a line "$ COMMAND" of an example, with the lines it continues onto (a
# line ending in '\', '|', '&&' or '||'), or a crontab line ("0 7 * * 1
# COMMAND").  The lines after a command, up to the next, are what it
# prints: a first line "tool: ..." says the command fails with that
# message, and a line "exit N" after a command ending in 'echo "exit $?"'
# the exit it shows.
#
# Each group of commands that run in one store (a man page; a "## "
# section of the README) becomes DIR/N.list, a line for each command:
# "K<TAB>SOURCE<TAB>EXIT<TAB>ERROR<TAB>COMMAND", EXIT the exit shown or
# '-', ERROR the error line shown or '-'; and DIR/N.name, the group's
# name.
use strict;
use warnings;

my ($dir, @files) = @ARGV;
my $group = 0;
my $tools = qr/(?:tkt-[a-z]+|qa-check)/;

# The lines of a file: a man page's, those of the literal displays of
# its EXAMPLES, unescaped, each indented as a display is (by six), and an
# empty line after each display; the README's as written.
sub lines_of {
	my ($file) = @_;
	open(my $fh, '<', $file) or die "$file: $!";
	my @l = <$fh>;
	close $fh;
	return @l unless $file =~ /\.[1-9]$/;
	my ($on, $lit, @out) = (0, 0);
	for (@l) {
		if (/^\.Sh\s+(.*?)\s*$/) { $on = $1 eq 'EXAMPLES'; next }
		next unless $on;
		if (/^\.Bd\s+-literal/) { $lit = 1; next }
		if (/^\.Ed/) { $lit = 0; push @out, "\n"; next }
		next if !$lit || /^\./;
		my $t = $_;
		$t =~ s/\\\(dq/"/g;
		$t =~ s/\\\(aq/'/g;
		$t =~ s/\\&//g;
		$t =~ s/\\-/-/g;
		$t =~ s/\\e/\\/g;
		push @out, "      $t";
	}
	return @out;
}

sub emit {
	my ($name, $cmds) = @_;
	return unless @$cmds;
	$group++;
	open(my $n, '>', "$dir/$group.name") or die;
	print $n "$name\n";
	close $n;
	open(my $fh, '>', "$dir/$group.list") or die;
	my $k = 0;
	for my $c (@$cmds) {
		$k++;
		print $fh join("\t", $k, $name, $c->{exit}, $c->{error}, $c->{cmd}), "\n";
	}
	close $fh;
}

for my $file (@files) {
	my $readme = $file !~ /\.[1-9]$/;
	(my $base = $file) =~ s{.*/}{};
	my @l = lines_of($file);
	my ($name, @cmds, $last) = ($base);
	my $in_code = 0;
	for (my $i = 0; $i < @l; $i++) {
		my $line = $l[$i];
		chomp $line;
		if ($readme && $line =~ /^## (.*)/) {
			emit($name, \@cmds);
			@cmds = ();
			$name = "$base: $1";
			$last = undef;
			next;
		}
		# In the README, code is indented by four spaces; in a page,
		# an example's display is indented further than the text.
		my $code = $readme ? ($line =~ s/^    //) : ($line =~ s/^\s{6,}//);
		if (!$code) {
			$last = undef if $line =~ /\S/;
			next;
		}
		my $cmd;
		if ($line =~ /^\$ (.*)$/) {
			$cmd = $1;
		} elsif ($line =~ /^(?:[0-9*][0-9*,\/-]*\s+){5}\s*((?:$tools|cd|tkt).*)$/) {
			$cmd = $1;
		}
		if (defined $cmd) {
			while ($cmd =~ /(\\|\||&&)\s*$/ && $i + 1 < @l) {
				$cmd =~ s/\\\s*$//;
				(my $next = $l[++$i]) =~ s/^\s+//;
				chomp $next;
				$cmd .= ' ' . $next;
			}
			$cmd =~ s/\s+$//;
			push @cmds, { cmd => $cmd, exit => '-', error => '-' };
			$last = $cmds[-1];
			next;
		}
		# The first line a command prints: an error says it fails.
		next unless $last;
		$last->{error} = $1 if !$last->{seen}++ && $line =~ /^($tools: .*)$/;
		$last->{exit} = $1 if $last->{cmd} =~ /echo "exit \$\?"$/ && $line =~ /^exit (\d+)$/;
	}
	emit($name, \@cmds);
}
