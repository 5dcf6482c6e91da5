package osexit

import "testing"

func TestLoadGood(t *testing.T) {
	if Load("x") != "x" {
		t.Fatal("lost the config")
	}
}

func TestLoadEmpty(t *testing.T) {
	Load("")
}
