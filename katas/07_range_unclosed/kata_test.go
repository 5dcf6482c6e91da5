package rangeunclosed

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestBuildInvoice(t *testing.T) {
	// goleak fails the test if a goroutine started during the test is still around at its end.
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	lines := []Line{
		{Item: "coffee beans", Cents: 1290, Category: "food"},
		{Item: "The Go Programming Language", Cents: 3999, Category: "books"},
		{Item: "desk lamp", Cents: 4500, Category: "standard"},
	}

	inv := BuildInvoice(lines)

	require.Len(t, inv.Lines, len(lines), "one taxed line per order line")
	for i, want := range []int{70, 219, 900} {
		assert.Equal(t, lines[i], inv.Lines[i].Line, "line %d must be the order's line %d", i, i)
		assert.Equal(t, want, inv.Lines[i].TaxCents, "tax of %s", lines[i].Item)
	}
	assert.Equal(t, 1290+70+3999+219+4500+900, inv.TotalCents, "the total includes every line and its tax")
}

func TestBuildEmptyInvoice(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	inv := BuildInvoice(nil)

	assert.Empty(t, inv.Lines, "no order lines, no invoice lines")
	assert.Zero(t, inv.TotalCents, "an empty order costs nothing")
}

// The tests below build invoices inside a synctest bubble. There time stands still while
// anything runs, and synctest.Wait returns only when every goroutine of the bubble has
// finished or is blocked for good: the test can then look at what BuildInvoice left behind
// the moment it returned, instead of waiting (as goleak does) for stragglers to finish.

func TestEveryInvoiceSendsItsDeskHome(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lines := []Line{
			{Item: "coffee beans", Cents: 1290, Category: "food"},
			{Item: "The Go Programming Language", Cents: 3999, Category: "books"},
			{Item: "desk lamp", Cents: 4500, Category: "standard"},
		}
		for range 3 {
			inv := buildSettled(t, "an order of three lines", lines)[0]
			assertInvoice(t, lines, inv)
		}
	})
}

func TestEmptyOrderSendsItsDeskHome(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		inv := buildSettled(t, "an empty order (no line was sent, and the desk must still be told that no line will come)", nil)[0]

		assert.Empty(t, inv.Lines, "no order lines, no invoice lines")
		assert.Zero(t, inv.TotalCents, "an empty order costs nothing")
	})
}

func TestLargeOrdersAtOnce(t *testing.T) {
	// More threads than the machine may have cores, and several invoices at once: the desks and
	// BuildInvoice then really run at the same time, as on a busy production server.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(4, runtime.NumCPU())))
	synctest.Test(t, func(t *testing.T) {
		categories := []string{"food", "books", "standard"}
		orders := make([][]Line, 8)
		for o := range orders {
			orders[o] = make([]Line, 500)
			for i := range orders[o] {
				orders[o][i] = Line{Item: fmt.Sprintf("item %d-%d", o, i), Cents: 100 + 37*i + o, Category: categories[(i+o)%3]}
			}
		}

		invs := buildSettled(t, "eight orders of 500 lines built at once", orders...)
		for o, inv := range invs {
			assertInvoice(t, orders[o], inv)
		}
	})
}

func TestOrderWithBlankLine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// A basket keeps the line of an item the customer removed as a blank Line{}: it is
		// invoiced as a line of nothing, like any other line.
		lines := []Line{
			{Item: "tea", Cents: 450, Category: "food"},
			{},
			{Item: "notebook", Cents: 1200, Category: "standard"},
		}

		inv := buildSettled(t, "an order with a blank line", lines)[0]
		assertInvoice(t, lines, inv)
	})
}

// rates are the tax rates the shop's accountant expects, in per mille.
var rates = map[string]int{"food": 55, "books": 55, "standard": 200}

func assertInvoice(t *testing.T, lines []Line, inv Invoice) {
	t.Helper()
	require.Len(t, inv.Lines, len(lines), "one taxed line per order line")
	total := 0
	for i, l := range lines {
		tax := l.Cents * rates[l.Category] / 1000
		total += l.Cents + tax
		if !assert.Equal(t, TaxedLine{Line: l, TaxCents: tax}, inv.Lines[i], "line %d must be the order's line %d with its tax", i, i) {
			return
		}
	}
	assert.Equal(t, total, inv.TotalCents, "the total includes every line and its tax")
}

// buildSettled calls BuildInvoice for each order, all at once, from goroutines of the bubble,
// and waits until the bubble has settled. It fails the test if a BuildInvoice is stuck (and
// then lets synctest report the deadlock), and if a goroutine that BuildInvoice started is
// still alive after it returned.
func buildSettled(t *testing.T, order string, orders ...[]Line) []Invoice {
	t.Helper()
	invs := make([]Invoice, len(orders))
	returned := make(chan struct{})
	var wg sync.WaitGroup
	for i, lines := range orders {
		wg.Go(func() { invs[i] = BuildInvoice(lines) })
	}
	go func() {
		wg.Wait()
		close(returned)
	}()
	synctest.Wait()
	select {
	case <-returned:
	default:
		state := "blocked"
		for _, g := range bubbleGoroutines() {
			if strings.Contains(g.stack, ".buildSettled.func1()") { // a goroutine above, in BuildInvoice
				state = g.state
			}
		}
		switch {
		case strings.HasPrefix(state, "chan send"):
			assert.Fail(t, "BuildInvoice never returned for "+order+": it is stuck sending a line that nobody receives. "+
				"The desk went home in the middle of the order: a select with a default case quits as soon as "+
				"no line is waiting yet, although BuildInvoice was about to send the next one.")
		case strings.HasPrefix(state, "chan receive"):
			assert.Fail(t, "BuildInvoice never returned for "+order+": it waits for a taxed line that never comes. "+
				"The desk stopped on a line of the order: an end marker inside the data (a zero Line{}) is "+
				"also a real line, and the desk must stop only when it is told that no line will come.")
		default:
			assert.Fail(t, "BuildInvoice never returned for "+order+" (it is blocked in "+state+"): "+
				"the desk must answer every line of the order before it goes home.")
		}
		<-returned // nothing will ever close it: synctest reports the deadlock
	}
	left := bubbleGoroutines()
	for _, g := range left {
		switch {
		case strings.HasPrefix(g.state, "chan receive"):
			assert.Fail(t, "after BuildInvoice returned for "+order+", a goroutine it started still waits to receive: "+
				"a range over a channel ends only when the channel is closed, by its sender, after the last send; "+
				"a bigger buffer or closing another channel does not end it.", g.stack)
		case strings.HasPrefix(g.state, "select"):
			assert.Fail(t, "after BuildInvoice returned for "+order+", a goroutine it started still waits in a select: "+
				"a desk that goes home only after an idle timeout outlives every invoice; "+
				"tell it that the invoice is done when BuildInvoice is done with it.", g.stack)
		default:
			assert.Fail(t, "after BuildInvoice returned for "+order+", a goroutine it started is still alive ("+g.state+"): "+
				"every goroutine BuildInvoice starts must be finished when it returns.", g.stack)
		}
	}
	if len(left) > 0 {
		t.FailNow() // one report is enough: what is left behind stays blocked, and synctest says so
	}
	return invs
}

type goroutine struct {
	state string // "chan receive (durable)", "select (durable)", ...
	stack string
}

// bubbleGoroutines returns the goroutines of the current synctest bubble, except the caller
// and synctest's own.
func bubbleGoroutines() []goroutine {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var gs []goroutine
	for i, g := range strings.Split(string(buf), "\n\n") {
		header, _, _ := strings.Cut(g, "\n")
		// "goroutine 12 [chan receive (durable), synctest bubble 3]:"
		_, state, _ := strings.Cut(header, "[")
		state, bubble, _ := strings.Cut(strings.TrimSuffix(state, "]:"), ", synctest bubble")
		if i == 0 || bubble == "" || strings.Contains(g, "internal/synctest.Run") || strings.Contains(g, "testing/synctest.testingSynctestTest") {
			continue
		}
		gs = append(gs, goroutine{state: state, stack: g})
	}
	return gs
}
