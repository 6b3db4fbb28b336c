package board

// The board as a Bubble Tea program: it redraws on each Snapshot the
// follow loop sends and on every resize, and quits on q (or ctrl+c).
// Bubble Tea owns the terminal: raw mode, the alternate screen, resizes
// and the restore on exit, including after a panic.

import (
	"io"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Program is a running board.
type Program struct {
	p    *tea.Program
	done chan struct{}
	// Interrupted says the user quit with ctrl+c rather than q.
	Interrupted bool
	err         error
}

type model struct {
	snap          Snapshot
	has           bool
	width, height int
	paused        bool
	style         Style
	prog          *Program
}

// Start draws the board on the terminal in and out are, until Quit or a
// key that quits. colour styles firing rules and bad counts.
func Start(in io.Reader, out io.Writer, colour bool) *Program {
	pr := &Program{done: make(chan struct{})}
	st := Plain
	if colour {
		bad := lipgloss.NewStyle().Foreground(lipgloss.Color("9"))
		firing := lipgloss.NewStyle().Foreground(lipgloss.Color("15")).Background(lipgloss.Color("1")).Bold(true)
		title := lipgloss.NewStyle().Bold(true)
		dim := lipgloss.NewStyle().Faint(true)
		st = Style{Title: render(title), Bad: render(bad), Firing: render(firing), Dim: render(dim)}
	}
	m := model{style: st, width: 80, prog: pr}
	pr.p = tea.NewProgram(m, tea.WithInput(in), tea.WithOutput(out), tea.WithAltScreen(), tea.WithoutSignalHandler())
	go func() {
		_, pr.err = pr.p.Run()
		close(pr.done)
	}()
	return pr
}

// Show draws snap, unless the board is paused.
func (pr *Program) Show(snap Snapshot) { pr.p.Send(snap) }

// Done is closed once the board has quit.
func (pr *Program) Done() <-chan struct{} { return pr.done }

// Quit ends the board and restores the terminal.
func (pr *Program) Quit() error {
	pr.p.Quit()
	<-pr.done
	return pr.err
}

func (m model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case Snapshot:
		if !m.paused {
			m.snap, m.has = msg, true
		}
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.KeyMsg:
		switch msg.String() {
		case "q", "Q":
			return m, tea.Quit
		case "ctrl+c":
			m.prog.Interrupted = true
			return m, tea.Quit
		case "p", "P", " ":
			m.paused = !m.paused
		}
	}
	return m, nil
}

func (m model) View() string {
	if !m.has {
		return "slareport --follow: reading…\n"
	}
	return Text(m.snap, m.width, m.style, m.paused)
}

func render(s lipgloss.Style) func(string) string {
	return func(text string) string { return s.Render(text) }
}
