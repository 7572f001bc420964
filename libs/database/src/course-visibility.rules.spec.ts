import {
  courseVisibleSql,
  courseVisibleTo,
  isCourseListed,
  listedCourseSql,
} from './course-visibility.rules';

const owner = 'owner-id';
const course = (is_public: boolean, is_hidden: boolean) => ({ is_public, is_hidden, creator_id: owner });

describe('course visibility rule', () => {
  it('shows a public, unhidden course to everyone, anonymous included', () => {
    expect(isCourseListed(course(true, false))).toBe(true);
    expect(courseVisibleTo(course(true, false), null)).toBe(true);
    expect(courseVisibleTo(course(true, false), { id: 'other', isAdmin: false })).toBe(true);
  });

  it.each([
    ['private', course(false, false)],
    ['hidden', course(true, true)],
    ['private and hidden', course(false, true)],
  ])('shows a %s course only to its creator and admins', (_label, c) => {
    expect(isCourseListed(c)).toBe(false);
    expect(courseVisibleTo(c, null)).toBe(false);
    expect(courseVisibleTo(c, { id: 'other', isAdmin: false })).toBe(false);
    expect(courseVisibleTo(c, { id: owner, isAdmin: false })).toBe(true);
    expect(courseVisibleTo(c, { id: 'admin', isAdmin: true })).toBe(true);
  });

  it('writes the same rule as SQL', () => {
    expect(listedCourseSql('c')).toBe('(c.is_public AND NOT c.is_hidden)');
    const sql = courseVisibleSql('c', '$2');
    expect(sql).toContain('(c.is_public AND NOT c.is_hidden)');
    expect(sql).toContain('c.creator_id = ($2)::uuid');
    expect(sql).toContain("role = 'admin'");
  });
});
