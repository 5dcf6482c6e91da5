// Package verdict owns the words of an outcome: the verdict of a graded package, which is also
// the kind of a finding, with everything said about each one (how bad it is, its name on the
// screen, how a kata's metadata declares it, how a handout describes it, its state on the
// progress page, its mark, colour and CSS class on the class page) in one table, verdict.go's
// table. Every other package names verdicts through this type; adding one is a line of that
// table (see docs/architecture.md, "Adding a kind of diagnosis").
package verdict
