// Package explore holds the course's interactive loss explorers.
package explore
