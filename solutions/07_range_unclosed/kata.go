// Kata 07: range over a channel nobody closes.
//
// This is the file to fix. The tests in kata_test.go describe what BuildInvoice must do.
package rangeunclosed

// Line is one line of an invoice, before tax.
type Line struct {
	Item     string
	Cents    int
	Category string // "food", "books" or "standard"
}

// TaxedLine is a line with its tax worked out.
type TaxedLine struct {
	Line
	TaxCents int
}

// Invoice is the document the customer receives.
type Invoice struct {
	Lines      []TaxedLine
	TotalCents int
}

// taxRates are the tax rates per category, in per mille.
var taxRates = map[string]int{"food": 55, "books": 55, "standard": 200}

// taxDesk works out the tax of the lines it receives and sends the taxed
// lines back, one for one, in the same order.
func taxDesk(in <-chan Line, out chan<- TaxedLine) {
	for l := range in {
		out <- TaxedLine{Line: l, TaxCents: l.Cents * taxRates[l.Category] / 1000}
	}
}

// BuildInvoice sends each line of an order through the tax desk and adds up
// the invoice.
func BuildInvoice(lines []Line) Invoice {
	toDesk := make(chan Line)
	fromDesk := make(chan TaxedLine)
	go taxDesk(toDesk, fromDesk)
	defer close(toDesk) // no more lines: the tax desk's range loop ends and its goroutine exits

	inv := Invoice{Lines: make([]TaxedLine, 0, len(lines))}
	for _, l := range lines {
		toDesk <- l
		t := <-fromDesk
		inv.Lines = append(inv.Lines, t)
		inv.TotalCents += t.Cents + t.TaxCents
	}
	return inv
}
