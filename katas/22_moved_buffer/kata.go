// Kata 22 "moved_buffer": this is the file to fix.
//
// A log shipper frames each log record as "<length> <text>\n" and hands the
// frame to an uploader goroutine, so that slow uploads never hold up the
// code that produces records.
package movedbuffer

import "strconv"

// Ship frames every record and passes the frames, in order, to upload,
// which runs on a separate goroutine. It returns when every frame has been
// uploaded.
func Ship(records []string, upload func(frame []byte)) {
	frames := make(chan []byte, 8)
	done := make(chan struct{})

	go func() {
		defer close(done)
		for frame := range frames {
			upload(frame)
		}
	}()

	buf := make([]byte, 0, 128)
	for _, rec := range records {
		buf = frame(buf[:0], rec)
		frames <- buf
	}
	close(frames)
	<-done
}

// frame appends the framed form of rec to dst.
func frame(dst []byte, rec string) []byte {
	dst = strconv.AppendInt(dst, int64(len(rec)), 10)
	dst = append(dst, ' ')
	dst = append(dst, rec...)
	return append(dst, '\n')
}
